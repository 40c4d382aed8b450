import type { Kysely } from 'kysely';
import type { CatalogDatabase, MembershipRole } from '../../db/catalog-schema.js';
import type { ShardRouter } from '../../db/shard-router.js';
import { DomainError, notFound } from '../../errors/domain-error.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { AccessService, FranchiseAccess } from '../access/access.service.js';
import { ALL_ROLES, MANAGERS } from '../access/access.service.js';
import { recordAudit } from '../../shared/audit.repository.js';
import type { FranchiseChanges } from '../../shared/franchise-changes.js';
import type { LocationDirectory } from '../locations/location-directory.js';
import { resolveMemberLocations } from '../../shared/member-locations.js';
import type { MemberLocations } from '../../shared/member-locations.js';
import type { MemberRow } from './members.repository.js';
import { deleteMembershipKeepingAnOwner, findMember, listMembers } from './members.repository.js';
import { unlinkBarbersFromUser } from './member-barbers.repository.js';

export interface MemberView extends MemberLocations {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly role: MembershipRole;
}

export interface MembersDeps {
  readonly access: AccessService;
  readonly catalog: Kysely<CatalogDatabase>;
  readonly directory: LocationDirectory;
  readonly router: ShardRouter;
  readonly changes: FranchiseChanges;
}

/**
 * Who may act for a franchise. People join by invitation only (the invitations
 * module); here members are listed and removed. The last owner cannot be removed.
 */
export class MembersService {
  constructor(private readonly deps: MembersDeps) {}

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
