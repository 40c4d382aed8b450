import type { Kysely, Selectable, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { CatalogDatabase, InvitationsTable, MembershipRole } from '../../db/catalog-schema.js';

type Catalog = Kysely<CatalogDatabase> | Transaction<CatalogDatabase>;
export type InvitationRow = Selectable<InvitationsTable>;

export interface NewInvitation {
  readonly id: string;
  readonly franchiseId: string;
  readonly email: string;
  readonly role: MembershipRole;
  readonly locationIds: readonly string[] | null;
  readonly barberId: string | null;
  readonly invitedBy: string;
  readonly expiresAt: Date;
}

/** Inviting the same email again replaces the pending invitation (its link stops working). */
export async function replacePendingInvitation(catalog: Kysely<CatalogDatabase>, invitation: NewInvitation, now: Date): Promise<InvitationRow> {
  return catalog.transaction().execute(async (trx) => {
    await pending(trx, invitation.franchiseId)
      .where(sql<string>`lower(email)`, '=', invitation.email.toLowerCase())
      .set({ revoked_at: now })
      .execute();
    return trx
      .insertInto('invitations')
      .values({
        id: invitation.id,
        franchise_id: invitation.franchiseId,
        email: invitation.email,
        role: invitation.role,
        location_ids: invitation.locationIds === null ? null : [...invitation.locationIds],
        barber_id: invitation.barberId,
        invited_by: invitation.invitedBy,
        expires_at: invitation.expiresAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

function pending(catalog: Catalog, franchiseId: string) {
  return catalog.updateTable('invitations').where('franchise_id', '=', franchiseId).where('accepted_at', 'is', null).where('revoked_at', 'is', null);
}

export async function listPendingInvitations(catalog: Kysely<CatalogDatabase>, franchiseId: string, now: Date): Promise<InvitationRow[]> {
  return catalog
    .selectFrom('invitations')
    .selectAll()
    .where('franchise_id', '=', franchiseId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function findInvitation(catalog: Catalog, id: string, options: { readonly forUpdate?: boolean } = {}): Promise<InvitationRow | undefined> {
  const query = catalog.selectFrom('invitations').selectAll().where('id', '=', id);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

/** Revokes a pending invitation of this franchise; false when there is none. */
export async function revokeInvitation(catalog: Kysely<CatalogDatabase>, franchiseId: string, id: string, now: Date): Promise<InvitationRow | undefined> {
  return pending(catalog, franchiseId).where('id', '=', id).set({ revoked_at: now }).returningAll().executeTakeFirst();
}

/**
 * Accepts in one catalog transaction: the invitation is locked and must still be
 * pending and unexpired; the membership is inserted and the invitation marked.
 */
export async function acceptInvitation(
  catalog: Kysely<CatalogDatabase>,
  id: string,
  userId: string,
  now: Date,
): Promise<{ readonly outcome: 'accepted'; readonly row: InvitationRow } | { readonly outcome: 'gone' | 'member' }> {
  return catalog.transaction().execute(async (trx) => {
    const row = await findInvitation(trx, id, { forUpdate: true });
    if (!row || row.accepted_at || row.revoked_at || row.expires_at <= now) return { outcome: 'gone' as const };
    const inserted = await trx
      .insertInto('memberships')
      .values({ user_id: userId, franchise_id: row.franchise_id, role: row.role, location_ids: row.location_ids })
      .onConflict((oc) => oc.columns(['user_id', 'franchise_id']).doNothing())
      .returning('user_id')
      .executeTakeFirst();
    if (!inserted) return { outcome: 'member' as const };
    await trx.updateTable('invitations').set({ accepted_at: now, accepted_by: userId }).where('id', '=', id).execute();
    return { outcome: 'accepted' as const, row };
  });
}

export async function franchiseName(catalog: Kysely<CatalogDatabase>, franchiseId: string): Promise<string | undefined> {
  return (await catalog.selectFrom('franchises').select('name').where('id', '=', franchiseId).executeTakeFirst())?.name;
}

export async function isMemberByEmail(catalog: Kysely<CatalogDatabase>, franchiseId: string, email: string): Promise<boolean> {
  const row = await catalog
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.user_id')
    .where('m.franchise_id', '=', franchiseId)
    .where(sql<string>`lower(u.email)`, '=', email.toLowerCase())
    .executeTakeFirst();
  return row !== undefined;
}
