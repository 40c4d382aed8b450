import type { Kysely } from 'kysely';
import type { CatalogDatabase, MembershipRole } from '../../db/catalog-schema.js';
import { PG, pgCode } from '../../db/db-errors.js';
import type { ShardRouter } from '../../db/shard-router.js';
import { DomainError, invalid, notFound } from '../../errors/domain-error.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { AccessService, FranchiseAccess } from '../access/access.service.js';
import { ALL_ROLES, MANAGERS } from '../access/access.service.js';
import { recordAudit } from '../../shared/audit.repository.js';
import type { AuthService } from '../auth/auth.service.js';
import type { FranchiseChanges } from '../../shared/franchise-changes.js';
import type { LocationDirectory } from '../locations/location-directory.js';
import { resolveMemberLocations } from '../../shared/member-locations.js';
import type { MemberLocations } from '../../shared/member-locations.js';
import type { MemberRow } from './members.repository.js';
import { deleteMembershipKeepingAnOwner, findMember, insertMembership, listMembers } from './members.repository.js';
import { linkBarbersToUser, unlinkBarbersFromUser } from './member-barbers.repository.js';

export interface MemberView extends MemberLocations {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly role: MembershipRole;
}

export interface AddMemberInput {
  readonly email: string;
  readonly role: MembershipRole;
  /** Omitted: every location (including ones opened later). */
  readonly locationIds?: readonly string[] | undefined;
}

export interface MembersDeps {
  readonly access: AccessService;
  readonly catalog: Kysely<CatalogDatabase>;
  readonly directory: LocationDirectory;
  readonly auth: AuthService;
  readonly router: ShardRouter;
  readonly changes: FranchiseChanges;
}

/**
 * Who may act for a franchise. Members are existing accounts: adding an email
 * that has no account is a 404 (the person signs up first; there are no
 * invitations yet). Owners add anyone; managers add managers and barbers, and a
 * location-scoped manager only within their own locations. The last owner
 * cannot be removed.
 */
export class MembersService {
  constructor(private readonly deps: MembersDeps) {}

  async add(ctx: RequestContext, franchiseId: string, input: AddMemberInput): Promise<MemberView> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, MANAGERS);
    if (input.role === 'owner' && access.role !== 'owner') throw new DomainError('Forbidden', 'Only owners can add owners.');
    if (input.role === 'owner' && input.locationIds !== undefined) throw invalid('locationIds', 'owners always cover every location');
    const locationIds = input.locationIds === undefined ? null : [...new Set(input.locationIds)];
    requireWithinScope(access, locationIds);
    const foreign = await this.deps.directory.foreignLocationIds(franchiseId, locationIds ?? []);
    if (foreign.length > 0) {
      const errors = (input.locationIds ?? []).flatMap((id, index) => (foreign.includes(id) ? [{ field: `locationIds.${index}`, message: 'is not a location of this franchise' }] : []));
      throw new DomainError('ValidationFailed', 'Some locations do not belong to this franchise.', { errors });
    }
    const user = await this.deps.auth.accountByEmail(input.email);
    if (!user) throw new DomainError('NotFound', 'No account has this email; ask them to sign up first, then add them.');

    try {
      await insertMembership(this.deps.catalog, { userId: user.id, franchiseId, role: input.role, locationIds });
    } catch (error) {
      if (pgCode(error) === PG.uniqueViolation) throw new DomainError('AlreadyExists', 'This person is already a member of the franchise.');
      throw error;
    }
    const view = await this.toView(franchiseId, { userId: user.id, email: user.email, name: user.name, role: input.role, locationIds });
    // Membership lives in the catalog; the barber link and the audit row are the shard's part of the change.
    // withPrimary retries only that shard transaction when a move's fence refuses it: the catalog row is written once.
    await this.deps.router.withPrimary(franchiseId, ({ db }) => db.transaction().execute(async (trx) => {
      await linkBarbersToUser(trx, franchiseId, user.email, user.id);
      await recordAudit(trx, ctx, { franchiseId, action: 'member.added', entity: 'member', entityId: user.id, after: view });
    }));
    await this.deps.changes.publish({ franchiseId, locationId: null, kind: 'member' });
    return view;
  }

  async list(ctx: RequestContext, franchiseId: string): Promise<MemberView[]> {
    await this.deps.access.requireFranchise(ctx, franchiseId, MANAGERS);
    const [members, allLocationIds] = await Promise.all([listMembers(this.deps.catalog, franchiseId), this.deps.directory.locationIds(franchiseId)]);
    return members.map((member) => toMemberView(member, allLocationIds));
  }

  /** Anyone may leave; removing someone else takes a manager, and an owner to remove an owner. */
  async remove(ctx: RequestContext, franchiseId: string, userId: string): Promise<void> {
    const isSelf = ctx.actor?.userId === userId;
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, isSelf ? ALL_ROLES : MANAGERS);
    const target = await findMember(this.deps.catalog, franchiseId, userId);
    if (!target) throw notFound('member');
    if (!isSelf) {
      if (target.role === 'owner' && access.role !== 'owner') throw new DomainError('Forbidden', 'Only owners can remove owners.');
      requireWithinScope(access, target.locationIds);
    }
    const outcome = await deleteMembershipKeepingAnOwner(this.deps.catalog, franchiseId, userId);
    if (outcome === 'not-found') throw notFound('member');
    if (outcome === 'last-owner') throw new DomainError('InvalidStateTransition', 'The last owner cannot be removed; add another owner first.');
    await this.deps.router.withPrimary(franchiseId, ({ db }) => db.transaction().execute(async (trx) => {
      await unlinkBarbersFromUser(trx, franchiseId, userId);
      await recordAudit(trx, ctx, { franchiseId, action: 'member.removed', entity: 'member', entityId: userId, before: { email: target.email, role: target.role, locationIds: target.locationIds } });
    }));
    await this.deps.changes.publish({ franchiseId, locationId: null, kind: 'member' });
  }

  private async toView(franchiseId: string, member: MemberRow): Promise<MemberView> {
    return toMemberView(member, member.locationIds === null ? await this.deps.directory.locationIds(franchiseId) : []);
  }
}

/** A location-scoped manager acts only on memberships inside their own locations (null = every location = outside). */
function requireWithinScope(access: FranchiseAccess, locationIds: readonly string[] | null): void {
  if (access.locationIds === null) return;
  const own = access.locationIds;
  if (locationIds === null || locationIds.some((id) => !own.includes(id))) {
    throw new DomainError('Forbidden', 'You can only manage members of your own locations.');
  }
}

function toMemberView(member: MemberRow, allLocationIds: readonly string[]): MemberView {
  return { userId: member.userId, email: member.email, name: member.name, role: member.role, ...resolveMemberLocations(member.locationIds, allLocationIds) };
}
