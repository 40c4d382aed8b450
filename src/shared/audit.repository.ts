import type { Kysely, Transaction } from 'kysely';
import type { ShardDatabase } from '../db/shard-schema.js';
import { newId } from '../db/ids.js';
import type { RequestContext } from './request-context.js';

export interface AuditEntry {
  readonly franchiseId: string;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/**
 * Every change to franchise data leaves a row: who, what, when, before/after.
 * Written in the same transaction as the change, so neither exists without the other.
 */
export async function recordAudit(db: Kysely<ShardDatabase> | Transaction<ShardDatabase>, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      franchise_id: entry.franchiseId,
      id: newId(),
      // A signed-in user is always audited as one, whatever else the context says.
      actor_kind: ctx.actor ? 'user' : ctx.actorKind,
      actor_user_id: ctx.actor?.userId ?? null,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}
