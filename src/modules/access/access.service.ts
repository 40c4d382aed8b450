import type { Kysely } from 'kysely';
import type { CatalogDatabase, MembershipRole } from '../../db/catalog-schema.js';
import { DomainError } from '../../errors/domain-error.js';
import type { Actor, RequestContext } from '../../shared/request-context.js';
import { findMemberUserIdByEmail, findMembership, isPlatformAdmin, setPlatformAdmin } from './access.repository.js';

export const ALL_ROLES: readonly MembershipRole[] = ['owner', 'manager', 'barber'];
export const MANAGERS: readonly MembershipRole[] = ['owner', 'manager'];

/** What a signed-in user may do in one franchise. */
export interface FranchiseAccess {
  readonly actor: Actor;
  readonly franchiseId: string;
  readonly role: MembershipRole;
  /** null: every location. */
  readonly locationIds: readonly string[] | null;
}

export function requireActor(ctx: RequestContext): Actor {
  if (!ctx.actor) throw new DomainError('NotSignedIn', 'Sign in to continue.');
  return ctx.actor;
}

export function canSeeLocation(access: FranchiseAccess, locationId: string): boolean {
  return access.locationIds === null || access.locationIds.includes(locationId);
}

/** Throws Forbidden when the membership is scoped to other locations. */
export function requireLocation(access: FranchiseAccess, locationId: string): void {
  if (!canSeeLocation(access, locationId)) throw new DomainError('Forbidden', 'You do not have access to this location.');
}

export class AccessService {
  constructor(private readonly catalog: Kysely<CatalogDatabase>) {}

  /** For the operator's CLI: false when no account has this email. */
  setPlatformAdmin(email: string, isAdmin: boolean): Promise<boolean> {
    return setPlatformAdmin(this.catalog, email, isAdmin);
  }

  /** The member of this franchise who signs in with this email, if any (a barber row's person). */
  memberUserIdByEmail(franchiseId: string, email: string): Promise<string | undefined> {
    return findMemberUserIdByEmail(this.catalog, franchiseId, email);
  }

  /** Platform operators (users.is_platform_admin) see fleet-wide reports; nobody else does. */
  async requirePlatformAdmin(ctx: RequestContext): Promise<Actor> {
    const actor = requireActor(ctx);
    if (!(await isPlatformAdmin(this.catalog, actor.userId))) throw new DomainError('Forbidden', 'This needs the platform_admin role.');
    return actor;
  }

  /**
   * The caller's access to a franchise. Not a member: 404, so that other
   * tenants' franchises cannot be discovered. A member without the role: 403.
   */
  async requireFranchise(ctx: RequestContext, franchiseId: string, roles: readonly MembershipRole[] = ALL_ROLES): Promise<FranchiseAccess> {
    const actor = requireActor(ctx);
    const membership = await findMembership(this.catalog, actor.userId, franchiseId);
    if (!membership) throw new DomainError('NotFound', 'franchise not found');
    if (!roles.includes(membership.role)) {
      throw new DomainError('Forbidden', `This needs the ${roles.join(' or ')} role; you are ${membership.role}.`);
    }
    return { actor, franchiseId, role: membership.role, locationIds: membership.locationIds };
  }
}
