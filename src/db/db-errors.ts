import { DomainError } from '../errors/domain-error.js';

/** PostgreSQL SQLSTATE codes the services react to. */
export const PG = {
  uniqueViolation: '23505',
  exclusionViolation: '23P01',
  foreignKeyViolation: '23503',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
} as const;

export function pgCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}


/**
 * Raised by a shard (fence trigger or "moved" marker) when a franchise's writes
 * must go elsewhere: the router refreshes the placement and retries once.
 */
export const FRANCHISE_NOT_HERE_SQLSTATE = 'BBM01';

export function isFranchiseNotHere(error: unknown): boolean {
  return pgCode(error) === FRANCHISE_NOT_HERE_SQLSTATE;
}

const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '53300', '53400', '57014']);
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);
const UNAVAILABLE_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'connection timeout',
  'Client has encountered a connection error',
  'Cannot use a pool after calling end',
];

/**
 * True when the database could not be reached or went away mid-request: the
 * caller should answer 503 with Retry-After rather than 500 (or hang).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DomainError) return false;
  const code = pgCode(error);
  if (code !== undefined && (code.startsWith('08') || UNAVAILABLE_CODES.has(code) || UNAVAILABLE_NODE_CODES.has(code))) return true;
  const message = error instanceof Error ? error.message : '';
  if (UNAVAILABLE_MESSAGES.some((fragment) => message.includes(fragment))) return true;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause !== undefined && cause !== error && isDatabaseUnavailable(cause);
}
