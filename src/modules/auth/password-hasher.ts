import { argon2id, hash, verify } from 'argon2';

/** argon2id cost parameters. */
export interface PasswordCost {
  /** KiB of memory per hash. */
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

/**
 * OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): about 50 ms on one
 * core, slow for a guesser, cheap enough for a login.
 * https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html
 */
export const DEFAULT_PASSWORD_COST: PasswordCost = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export class PasswordHasher {
  private dummyDigest: Promise<string> | undefined;

  constructor(private readonly cost: PasswordCost = DEFAULT_PASSWORD_COST) {}

  hash(password: string): Promise<string> {
    return hash(password, { type: argon2id, ...this.cost });
  }

  /** False for a wrong password and for a digest that is not an argon2 hash at all. */
  async verify(digest: string, password: string): Promise<boolean> {
    try {
      return await verify(digest, password);
    } catch {
      return false;
    }
  }

  /**
   * Spends the time of a real check and answers false, so that an unknown email
   * takes as long as a wrong password and accounts cannot be probed by timing.
   */
  async verifyNobody(password: string): Promise<false> {
    this.dummyDigest ??= this.hash('no account has this password');
    await this.verify(await this.dummyDigest, password);
    return false;
  }
}
