import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../db/catalog-schema.js';
import { readActiveKeys } from './signing-keys.repository.js';

export interface SigningKey {
  readonly id: number;
  readonly secret: string;
  readonly createdAt: Date;
}

export interface KeyringOptions {
  /** How long a loaded key list is used: a retired key stops verifying within this. Default 60 s. */
  readonly refreshMs?: number;
  /** An unknown key id reloads the list at most this often (a new key made on another node). Default 5 s. */
  readonly unknownReloadMs?: number;
  readonly now?: () => number;
}

interface Loaded {
  readonly at: number;
  readonly keys: readonly SigningKey[];
}

/**
 * The catalog's signing keys, cached. The newest active key signs; any active
 * key verifies, so `tokens rotate` never breaks a link already sent. Unknown
 * ids trigger a bounded reload: a forged id cannot make every request query
 * the catalog.
 */
export class SigningKeys {
  private loaded: Loaded | undefined;
  private loading: Promise<Loaded> | undefined;
  private readonly refreshMs: number;
  private readonly unknownReloadMs: number;
  private readonly now: () => number;

  constructor(
    private readonly catalog: Kysely<CatalogDatabase>,
    options: KeyringOptions = {},
  ) {
    this.refreshMs = options.refreshMs ?? 60_000;
    this.unknownReloadMs = options.unknownReloadMs ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * The key that signs: the newest one that every node has had time to load
   * (older than the refresh interval), so a link signed here verifies on any
   * node at once; the oldest active key when none is that old yet.
   */
  async current(): Promise<SigningKey> {
    const { keys } = await this.list();
    const settled = this.now() - this.refreshMs;
    const key = keys.find((k) => k.createdAt.getTime() <= settled) ?? keys[keys.length - 1];
    if (!key) throw new Error('no active signing key: run the catalog migrations or `bookedbarber tokens rotate`');
    return key;
  }

  /** The active key with this id, or undefined (unknown or retired). */
  async find(id: number): Promise<SigningKey | undefined> {
    let loaded = await this.list();
    let key = loaded.keys.find((k) => k.id === id);
    if (!key && this.now() - loaded.at >= this.unknownReloadMs) {
      loaded = await this.reload();
      key = loaded.keys.find((k) => k.id === id);
    }
    return key;
  }

  private async list(): Promise<Loaded> {
    const stale = this.loaded;
    if (stale && this.now() - stale.at < this.refreshMs) return stale;
    try {
      return await this.reload();
    } catch (error) {
      // Catalog briefly unreachable: keep using the keys we had rather than fail every manage link.
      if (stale) return stale;
      throw error;
    }
  }

  private reload(): Promise<Loaded> {
    this.loading ??= readActiveKeys(this.catalog)
      .then((keys) => {
        this.loaded = { at: this.now(), keys };
        return this.loaded;
      })
      // A failed load is not cached (catalog briefly down): the next request tries again.
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }
}
