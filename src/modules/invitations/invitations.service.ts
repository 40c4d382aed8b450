import type { Kysely } from 'kysely';
import type { CatalogDatabase, MembershipRole } from '../../db/catalog-schema.js';
import { newId } from '../../db/ids.js';
import type { ShardRouter } from '../../db/shard-router.js';
import { DomainError, invalid, notFound } from '../../errors/domain-error.js';
import { recordAudit } from '../../shared/audit.repository.js';
import type { FranchiseChanges } from '../../shared/franchise-changes.js';
import type { LinkTokens } from '../../shared/link-tokens.js';
import { linkPath } from '../../shared/link-tokens.js';
import { renderInvitation } from '../../shared/account-message-render.js';
import type { AccountMessage } from '../../shared/account-message-render.js';
import { resolveMemberLocations } from '../../shared/member-locations.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { Session } from '../../sessions/session-store.js';
import type { AccessService, FranchiseAccess } from '../access/access.service.js';
import { MANAGERS } from '../access/access.service.js';
import type { AuthService } from '../auth/auth.service.js';
import { normalizeEmail } from '../auth/auth.service.js';
import type { LocationDirectory } from '../locations/location-directory.js';
import { queueInvitationMessage } from '../notifications/account-messages.js';
import { findInvitedBarber, linkBarbersByEmail, linkInvitedBarber } from './invitation-barbers.repository.js';
import type { InvitationRow } from './invitations.repository.js';
import { acceptInvitation, findInvitation, franchiseName, isMemberByEmail, listPendingInvitations, replacePendingInvitation, revokeInvitation } from './invitations.repository.js';
import type { Accepted, InvitationPreview, InvitationView } from './invitations.schemas.js';

/** An invitation link works for this long. */
export const INVITATION_DAYS = 7;

export interface InviteInput {
  readonly email: string;
  readonly role: MembershipRole;
  readonly locationIds?: readonly string[] | undefined;
  readonly barberId?: string | undefined;
}

export interface InvitationsDeps {
  readonly access: AccessService;
  readonly catalog: Kysely<CatalogDatabase>;
  readonly directory: LocationDirectory;
  readonly auth: AuthService;
  readonly router: ShardRouter;
  readonly changes: FranchiseChanges;
  readonly links: LinkTokens;
  readonly now: () => Date;
}

/**
 * Staff join a franchise by invitation only: a pending grant, emailed through
 * the franchise's outbox, that the invited person accepts. The inviter's answer
 * is the same whether or not the email has an account (no enumeration, no
 * name); nothing is granted until acceptance. Owners and managers invite as
 * they used to add members (owners invite owners; a location-scoped manager
 * only within their locations).
 */
export class InvitationsService {
  constructor(private readonly deps: InvitationsDeps) {}

  async create(ctx: RequestContext, franchiseId: string, input: InviteInput): Promise<InvitationView> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, MANAGERS);
    if (input.role === 'owner' && access.role !== 'owner') throw new DomainError('Forbidden', 'Only owners can invite owners.');
    if (input.role === 'owner' && input.locationIds !== undefined) throw invalid('locationIds', 'owners always cover every location');
    if (input.barberId !== undefined && input.role !== 'barber') throw invalid('barberId', 'only a barber invitation names a column');
    let locationIds = input.locationIds === undefined ? null : [...new Set(input.locationIds)];
    const foreign = await this.deps.directory.foreignLocationIds(franchiseId, locationIds ?? []);
    if (foreign.length > 0) {
      const errors = (input.locationIds ?? []).flatMap((id, index) => (foreign.includes(id) ? [{ field: `locationIds.${index}`, message: 'is not a location of this franchise' }] : []));
      throw new DomainError('ValidationFailed', 'Some locations do not belong to this franchise.', { errors });
    }
    let locationId: string | undefined;
    if (input.barberId !== undefined) {
      const { db } = await this.deps.router.primaryFor(franchiseId);
      const barber = await findInvitedBarber(db, franchiseId, input.barberId);
      if (!barber) throw invalid('barberId', 'is not a barber of this franchise');
      if (barber.userId !== null) throw invalid('barberId', 'someone already signs in as this barber');
      if (locationIds !== null && !locationIds.includes(barber.locationId)) throw invalid('barberId', "works at a location the invitation does not cover");
      // A barber invited for a column works where the column is, unless told otherwise.
      locationIds ??= [barber.locationId];
      locationId = barber.locationId;
    }
    requireWithinScope(access, locationIds);
    const allLocationIds = await this.deps.directory.locationIds(franchiseId);
    locationId ??= locationIds?.[0] ?? allLocationIds[0];
    // The outbox is per location; an empty franchise has nowhere to send from yet.
    if (!locationId) throw new DomainError('InvalidStateTransition', 'Open a location before inviting staff.');
    const email = normalizeEmail(input.email);
    // The inviter already sees every member's email, so saying so leaks nothing about accounts.
    if (await isMemberByEmail(this.deps.catalog, franchiseId, email)) throw new DomainError('AlreadyExists', 'This person is already a member of the franchise.');
    const now = this.deps.now();
    const row = await replacePendingInvitation(
      this.deps.catalog,
      { id: newId(), franchiseId, email, role: input.role, locationIds, barberId: input.barberId ?? null, invitedBy: access.actor.userId, expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000) },
      now,
    );
    const view = toView(row, allLocationIds);
    const sendFrom = locationId;
    await this.deps.router.withPrimary(franchiseId, ({ db }) =>
      db.transaction().execute(async (trx) => {
        await queueInvitationMessage(trx, { franchiseId, invitationId: row.id, locationId: sendFrom, email }, now);
        await recordAudit(trx, ctx, { franchiseId, action: 'invitation.created', entity: 'invitation', entityId: row.id, after: view });
      }),
    );
    return view;
  }

  async list(ctx: RequestContext, franchiseId: string): Promise<InvitationView[]> {
    await this.deps.access.requireFranchise(ctx, franchiseId, MANAGERS);
    const [rows, allLocationIds] = await Promise.all([listPendingInvitations(this.deps.catalog, franchiseId, this.deps.now()), this.deps.directory.locationIds(franchiseId)]);
    return rows.map((row) => toView(row, allLocationIds));
  }

  async revoke(ctx: RequestContext, franchiseId: string, invitationId: string): Promise<void> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, MANAGERS);
    const existing = await findInvitation(this.deps.catalog, invitationId);
    if (!existing || existing.franchise_id !== franchiseId) throw notFound('invitation');
    if (existing.role === 'owner' && access.role !== 'owner') throw new DomainError('Forbidden', 'Only owners can revoke an owner invitation.');
    requireWithinScope(access, existing.location_ids);
    const row = await revokeInvitation(this.deps.catalog, franchiseId, invitationId, this.deps.now());
    if (!row) throw notFound('invitation');
    await this.deps.router.withPrimary(franchiseId, ({ db }) =>
      recordAudit(db, ctx, { franchiseId, action: 'invitation.revoked', entity: 'invitation', entityId: invitationId, before: { email: row.email, role: row.role } }),
    );
  }

  /** For the holder of the link: what they are invited to, and whether to sign in or create the account. */
  async preview(_ctx: RequestContext, token: string): Promise<InvitationPreview> {
    const row = await this.pendingFromToken(token);
    const name = await franchiseName(this.deps.catalog, row.franchise_id);
    return {
      franchiseId: row.franchise_id,
      franchiseName: name ?? '',
      email: row.email,
      role: row.role,
      expiresAt: row.expires_at.toISOString(),
      accountExists: (await this.deps.auth.accountByEmail(row.email)) !== undefined,
    };
  }

  /**
   * Accepts as the signed-in account when it has the invited email; with no
   * account for that email, creates it (name, password) and signs it in. An
   * existing account that is not signed in must sign in first (401).
   */
  async accept(ctx: RequestContext, token: string, input: { readonly name?: string | undefined; readonly password?: string | undefined }): Promise<{ readonly accepted: Accepted; readonly session: Session | null }> {
    const invitation = await this.pendingFromToken(token);
    let userId: string;
    let session: Session | null = null;
    if (ctx.actor) {
      const me = await this.deps.auth.me(ctx);
      if (me.email !== invitation.email) throw new DomainError('Forbidden', 'This invitation was sent to another email; sign in as that email to accept it.');
      userId = me.id;
    } else if (await this.deps.auth.accountByEmail(invitation.email)) {
      throw new DomainError('NotSignedIn', 'An account with this email exists: sign in, then accept.');
    } else {
      if (!input.password) throw invalid('password', 'is needed to create your account');
      const signedIn = await this.deps.auth.signup(ctx, { email: invitation.email, password: input.password, name: input.name });
      userId = signedIn.user.id;
      session = signedIn.session;
    }
    const outcome = await acceptInvitation(this.deps.catalog, invitation.id, userId, this.deps.now());
    if (outcome.outcome === 'member') throw new DomainError('AlreadyExists', 'You are already a member of this franchise.');
    if (outcome.outcome !== 'accepted') throw linkInvalid();
    const { row } = outcome;
    const franchiseId = row.franchise_id;
    const barberId = await this.deps.router.withPrimary(franchiseId, ({ db }) =>
      db.transaction().execute(async (trx) => {
        let linked: string | null = null;
        if (row.barber_id !== null && (await linkInvitedBarber(trx, franchiseId, row.barber_id, userId))) linked = row.barber_id;
        if (row.barber_id === null && row.role === 'barber') await linkBarbersByEmail(trx, franchiseId, row.email, userId);
        await recordAudit(trx, { ...ctx, actor: ctx.actor ?? { userId, sessionId: session?.id ?? '' } }, {
          franchiseId,
          action: 'invitation.accepted',
          entity: 'invitation',
          entityId: row.id,
          after: { userId, role: row.role, locationIds: row.location_ids, barberId: linked },
        });
        return linked;
      }),
    );
    await this.deps.changes.publish({ franchiseId, locationId: null, kind: 'member' });
    return { accepted: { franchiseId, role: row.role, barberId }, session };
  }

  /**
   * The invitation email as the sender should send it now (DESIGN.md section 11:
   * rendered at send time), for an outbox row of kind `invitation` whose dedupe
   * key is `invitation:<id>`; null when the invitation is no longer pending (skip it).
   */
  async messageFor(invitationId: string, publicBaseUrl: string): Promise<AccountMessage | null> {
    const row = await findInvitation(this.deps.catalog, invitationId);
    if (!row || row.accepted_at || row.revoked_at || row.expires_at <= this.deps.now()) return null;
    const url = `${publicBaseUrl}${linkPath('invitation', await this.deps.links.issue('invitation', row.id))}`;
    return renderInvitation({ url, franchiseName: (await franchiseName(this.deps.catalog, row.franchise_id)) ?? 'your shop', role: row.role, validDays: INVITATION_DAYS });
  }

  private async pendingFromToken(token: string): Promise<InvitationRow> {
    const id = await this.deps.links.verify('invitation', token);
    const row = id ? await findInvitation(this.deps.catalog, id) : undefined;
    if (!row || row.accepted_at || row.revoked_at || row.expires_at <= this.deps.now()) throw linkInvalid();
    return row;
  }
}

const linkInvalid = (): DomainError => new DomainError('LinkInvalid', 'This invitation link is not valid any more; ask for a new one.');

/** A location-scoped manager acts only on grants inside their own locations (null = every location = outside). */
function requireWithinScope(access: FranchiseAccess, locationIds: readonly string[] | null): void {
  if (access.locationIds === null) return;
  const own = access.locationIds;
  if (locationIds === null || locationIds.some((id) => !own.includes(id))) throw new DomainError('Forbidden', 'You can only invite staff to your own locations.');
}

function toView(row: InvitationRow, allLocationIds: readonly string[]): InvitationView {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    ...resolveMemberLocations(row.location_ids, allLocationIds),
    barberId: row.barber_id,
    status: 'pending',
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
  };
}
