/** Who is asking. Every service method takes this first (STYLE.md point 4). */
export interface Actor {
  readonly userId: string;
  readonly sessionId: string;
}

export interface RequestContext {
  readonly requestId: string;
  readonly ip: string;
  readonly actor: Actor | null;
}

/** For CLI commands, workers and the demo seeder: acts as the system, not as a signed-in user. */
export function systemContext(requestId = 'system'): RequestContext {
  return { requestId, ip: '127.0.0.1', actor: null };
}
