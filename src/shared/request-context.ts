/** Who is asking. Every service method takes this first (STYLE.md point 4). */
export interface Actor {
  readonly userId: string;
  readonly sessionId: string;
}

/**
 * Who acts, for the audit log: a signed-in user, an anonymous client (public
 * booking, manage link), or the system itself (CLI, workers, seeders). Set by
 * whoever builds the context, never derived from anything a caller sends.
 */
export type ActorKind = 'user' | 'client' | 'system';

export interface RequestContext {
  readonly requestId: string;
  readonly actorKind: ActorKind;
  readonly ip: string;
  readonly actor: Actor | null;
  /**
   * The caller wrote something moments ago (a booking, a cancellation): its
   * reads go to the primary, never to a replica that may not have the write yet.
   */
  readonly readYourWrites?: boolean;
}

/** For CLI commands, workers and the demo seeder: acts as the system, not as a signed-in user. */
export function systemContext(requestId = 'system'): RequestContext {
  return { requestId, actorKind: 'system', ip: '127.0.0.1', actor: null };
}
