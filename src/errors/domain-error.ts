/**
 * Typed domain errors (STYLE.md point 8). Services throw these with a stable
 * code; the one error handler (src/http/error-handler.ts) maps each code to an
 * HTTP status and an application/problem+json body.
 */
export type ErrorCode =
  | 'ValidationFailed'
  | 'NotSignedIn'
  | 'InvalidCredentials'
  | 'Forbidden'
  | 'NotFound'
  | 'SlotUnavailable'
  | 'IdempotencyKeyReused'
  | 'IdempotencyKeyInFlight'
  | 'InvalidStateTransition'
  | 'TooEarly'
  | 'NothingToUndo'
  | 'CancellationWindowPassed'
  | 'NoFreeChair'
  | 'SeriesConflicts'
  | 'AlreadyExists'
  | 'PayloadTooLarge'
  | 'UnsupportedMediaType'
  | 'RateLimited'
  | 'ShardUnavailable'
  | 'SessionStoreUnavailable'
  | 'FranchiseMoving'
  | 'Draining'
  | 'LinkInvalid';

/** What is wrong with one input, named as the service knows it (`client.name`, `weekly.2.end`); the route layer says where it was in the request. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export interface DomainErrorOptions {
  readonly errors?: readonly FieldError[];
  readonly retryAfterSeconds?: number;
  /** Extra members of the problem document (RFC 9457 extensions). */
  readonly extensions?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

export class DomainError extends Error {
  readonly errors: readonly FieldError[] | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly extensions: Readonly<Record<string, unknown>> | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.name = code;
    this.errors = options.errors;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.extensions = options.extensions;
  }
}

const UNAVAILABLE: ReadonlySet<ErrorCode> = new Set(['ShardUnavailable', 'SessionStoreUnavailable', 'FranchiseMoving', 'Draining']);

/** The platform cannot answer now (a shard or the session store down, a move's pause, a stopping node): retry later. */
export function isUnavailable(code: ErrorCode): boolean {
  return UNAVAILABLE.has(code);
}

export const notFound = (what: string): DomainError => new DomainError('NotFound', `${what} not found`);

export const invalid = (field: string, message: string): DomainError =>
  new DomainError('ValidationFailed', message, { errors: [{ field, message }] });
