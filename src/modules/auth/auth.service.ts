import type { Kysely } from 'kysely';
import type { CatalogDatabase, MembershipRole } from '../../db/catalog-schema.js';
import { PG, pgCode } from '../../db/db-errors.js';
import { newId } from '../../db/ids.js';
import { DomainError } from '../../errors/domain-error.js';
import type { FieldError } from '../../errors/domain-error.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { Session, SessionStore } from '../../sessions/session-store.js';
import { requireActor } from '../access/access.service.js';
import { resolveMemberLocations } from '../../shared/member-locations.js';
import type { RateLimits } from '../../rate-limits/rate-limits.js';
import type { LinkTokens } from '../../shared/link-tokens.js';
import { linkPath } from '../../shared/link-tokens.js';
import { renderPasswordReset } from '../../shared/account-message-render.js';
import type { AccountMessage } from '../../shared/account-message-render.js';
import type { AuthThrottle } from './login-throttle.js';
import { consumeReset, insertResetWithMessage, isResetOpen, updatePasswordHash } from './password-resets.repository.js';
import type { PasswordHasher } from './password-hasher.js';
import { findUserByEmail, findUserById, insertUser, listMembershipsWithFranchise } from './users.repository.js';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

export interface UserView {
  readonly id: string;
  readonly email: string;
  readonly name: string;
}

export interface MembershipView {
  readonly franchiseId: string;
  readonly franchiseName: string;
  readonly role: MembershipRole;
  readonly locationIds: string[];
  readonly allLocations: boolean;
}

export interface MeView extends UserView {
  readonly memberships: MembershipView[];
}

export interface SignedIn {
  readonly user: UserView;
  readonly session: Session;
}

export interface NewUser {
  readonly email: string;
  readonly password: string;
  readonly name?: string | undefined;
}

export interface AuthDeps {
  readonly catalog: Kysely<CatalogDatabase>;
  /** The region's catalog replica for sign-in lookups (the primary when there is none); a miss asks the primary. */
  readonly readCatalog?: Kysely<CatalogDatabase>;
  readonly sessions: SessionStore;
  readonly hasher: PasswordHasher;
  readonly throttle: AuthThrottle;
  /** Password-reset requests per address and per email. */
  readonly rateLimits: Pick<RateLimits, 'enforce'>;
  readonly links: LinkTokens;
  readonly now: () => Date;
}

/** A reset link works once, for this long. */
export const PASSWORD_RESET_MINUTES = 60;

/** Sign-up, sign-in and sessions. Users are global (catalog); sessions live in the SessionStore. */
export class AuthService {
  constructor(private readonly deps: AuthDeps) {}

  /** The account that signs in with this email, if any. */
  async accountByEmail(email: string): Promise<{ readonly id: string; readonly email: string; readonly name: string } | undefined> {
    const user = await findUserByEmail(this.deps.catalog, email);
    return user && { id: user.id, email: user.email, name: user.name };
  }

  /** Creates the account and signs it in. */
  async signup(ctx: RequestContext, input: NewUser): Promise<SignedIn> {
    await this.deps.throttle.beforeSignup(ctx.ip);
    const user = await this.register(ctx, input);
    await this.dropCurrentSession(ctx);
    return { user, session: await this.deps.sessions.create(user.id) };
  }

  /** Creates an account without a session (also used by the demo seeder). Duplicate email → 409. */
  async register(_ctx: RequestContext, input: NewUser): Promise<UserView> {
    const email = normalizeEmail(input.email);
    checkPassword(input.password);
    const name = input.name?.trim() || email.split('@')[0] || email;
    const passwordHash = await this.deps.hasher.hash(input.password);
    try {
      const row = await insertUser(this.deps.catalog, { id: newId(), email, name, passwordHash });
      return toUserView(row);
    } catch (error) {
      if (pgCode(error) === PG.uniqueViolation) throw new DomainError('AlreadyExists', 'An account with this email already exists.');
      throw error;
    }
  }

  /** Wrong password and unknown email answer alike, in about the same time. */
  async login(ctx: RequestContext, input: { readonly email: string; readonly password: string }): Promise<SignedIn> {
    const email = normalizeEmail(input.email);
    await this.deps.throttle.beforeLogin(email, ctx.ip);
    const user = (this.deps.readCatalog && (await findUserByEmail(this.deps.readCatalog, email))) || (await findUserByEmail(this.deps.catalog, email));
    const matches = user ? await this.deps.hasher.verify(user.password_hash, input.password) : await this.deps.hasher.verifyNobody(input.password);
    if (!user || !matches) throw new DomainError('InvalidCredentials', 'The email or the password is wrong.');
    await this.deps.throttle.afterLogin(email, ctx.ip);
    // A new session id at every sign-in: a session id planted before login is worthless after it.
    await this.dropCurrentSession(ctx);
    return { user: toUserView(user), session: await this.deps.sessions.create(user.id) };
  }

  async logout(ctx: RequestContext): Promise<void> {
    await this.dropCurrentSession(ctx);
  }

  /** Ends every session of the user, on every device. */
  async logoutAll(ctx: RequestContext): Promise<void> {
    const actor = requireActor(ctx);
    await this.deps.sessions.deleteAllForUser(actor.userId);
  }

  async me(ctx: RequestContext): Promise<MeView> {
    const actor = requireActor(ctx);
    const user = await findUserById(this.deps.catalog, actor.userId);
    if (!user) throw new DomainError('NotSignedIn', 'Sign in to continue.');
    const memberships = await listMembershipsWithFranchise(this.deps.catalog, user.id);
    return {
      ...toUserView(user),
      memberships: memberships.map((m) => ({
        franchiseId: m.franchiseId,
        franchiseName: m.franchiseName,
        role: m.role,
        ...resolveMemberLocations(m.locationIds, m.franchiseLocationIds),
      })),
    };
  }

  /**
   * Changes the password of the signed-in account. The current password is
   * checked under the login limits and lockout (a stolen session cannot guess
   * it); every session of the account ends and this device gets a new one.
   */
  async changePassword(ctx: RequestContext, input: { readonly currentPassword: string; readonly newPassword: string }): Promise<SignedIn> {
    const actor = requireActor(ctx);
    const user = await findUserById(this.deps.catalog, actor.userId);
    if (!user) throw new DomainError('NotSignedIn', 'Sign in to continue.');
    await this.deps.throttle.beforeLogin(user.email, ctx.ip);
    if (!(await this.deps.hasher.verify(user.password_hash, input.currentPassword))) {
      throw new DomainError('ValidationFailed', 'The current password is wrong.', { errors: [{ field: 'currentPassword', message: 'is wrong' }] });
    }
    await this.deps.throttle.afterLogin(user.email, ctx.ip);
    checkPassword(input.newPassword, 'newPassword');
    await updatePasswordHash(this.deps.catalog, user.id, await this.deps.hasher.hash(input.newPassword));
    await this.deps.sessions.deleteAllForUser(user.id);
    return { user: toUserView(user), session: await this.deps.sessions.create(user.id) };
  }

  /**
   * Queues a reset link when the email has an account. The caller learns nothing
   * either way: the same empty answer (the work for a known email is two
   * small inserts, no hashing, so the time tells little either).
   */
  async requestPasswordReset(ctx: RequestContext, input: { readonly email: string }): Promise<void> {
    const email = normalizeEmail(input.email);
    await this.deps.rateLimits.enforce('passwordResetPerIp', ctx.ip, 'Too many reset requests; try again later.');
    await this.deps.rateLimits.enforce('passwordResetPerEmail', email, 'Too many reset requests; try again later.');
    const user = await findUserByEmail(this.deps.catalog, email);
    if (!user) return;
    const expiresAt = new Date(this.deps.now().getTime() + PASSWORD_RESET_MINUTES * 60_000);
    await insertResetWithMessage(this.deps.catalog, { id: newId(), messageId: newId(), userId: user.id, recipient: user.email, expiresAt });
  }

  /** Sets a new password from a reset link (once, before it expires) and signs the account out everywhere. */
  async confirmPasswordReset(_ctx: RequestContext, input: { readonly token: string; readonly password: string }): Promise<void> {
    checkPassword(input.password);
    const resetId = await this.deps.links.verify('password_reset', input.token);
    const userId = resetId && (await consumeReset(this.deps.catalog, resetId, await this.deps.hasher.hash(input.password), this.deps.now()));
    if (!userId) throw new DomainError('LinkInvalid', 'This reset link is not valid any more; ask for a new one.');
    await this.deps.sessions.deleteAllForUser(userId);
  }

  /**
   * The reset email for an `account_messages` row (its `subject_id`), rendered at
   * send time; null once the reset is used or expired (the sender skips it).
   */
  async resetMessageFor(resetId: string, publicBaseUrl: string): Promise<AccountMessage | null> {
    if (!(await isResetOpen(this.deps.catalog, resetId, this.deps.now()))) return null;
    const url = `${publicBaseUrl}${linkPath('password_reset', await this.deps.links.issue('password_reset', resetId))}`;
    return renderPasswordReset({ url, validMinutes: PASSWORD_RESET_MINUTES });
  }

  private async dropCurrentSession(ctx: RequestContext): Promise<void> {
    if (ctx.actor) await this.deps.sessions.delete(ctx.actor.sessionId);
  }
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function checkPassword(password: string, field = 'password'): void {
  const errors: FieldError[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) errors.push({ field, message: `must be at least ${PASSWORD_MIN_LENGTH} characters` });
  if (length > PASSWORD_MAX_LENGTH) errors.push({ field, message: `must be at most ${PASSWORD_MAX_LENGTH} characters` });
  if (errors.length > 0) throw new DomainError('ValidationFailed', 'The password does not meet the rules.', { errors });
}

function toUserView(row: { readonly id: string; readonly email: string; readonly name: string }): UserView {
  return { id: row.id, email: row.email, name: row.name };
}
