/** Who is asking. Every service method takes this first (STYLE.md point 4). */
export interface Actor {
  readonly userId: string;
  readonly sessionId: string;
}

export interface RequestContext {
  readonly requestId: string;
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
  return { requestId, ip: '127.0.0.1', actor: null };
}
