import type { Kysely, Transaction } from 'kysely';
import { newId } from '../../db/ids.js';
import type { ShardDatabase } from '../../db/shard-schema.js';
import { enqueueMessages } from './outbox.repository.js';

type Db = Kysely<ShardDatabase> | Transaction<ShardDatabase>;

/**
 * Queues a staff invitation's email on the franchise's outbox, in the caller's
 * transaction. The dedupe key names the invitation (a retry queues nothing new);
 * the link is rendered at send time from the invitation id
 * (src/shared/link-tokens.ts, src/shared/account-message-render.ts).
 */
export async function queueInvitationMessage(
  db: Db,
  invitation: { readonly franchiseId: string; readonly invitationId: string; readonly locationId: string; readonly email: string },
  now: Date,
): Promise<void> {
  await enqueueMessages(
    db,
    [
      {
        franchiseId: invitation.franchiseId,
        id: newId(),
        locationId: invitation.locationId,
        appointmentId: null,
        appointmentStartsAt: null,
        kind: 'invitation',
        channel: 'email',
        recipient: invitation.email,
        dedupeKey: `invitation:${invitation.invitationId}`,
        sendAfter: now,
      },
    ],
    now,
  );
}
