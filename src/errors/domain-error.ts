/**
 * Typed domain errors (STYLE.md point 8). Services throw these; the one error
 * handler maps each code to an HTTP status and an application/problem+json body.
 */
export const ERROR_STATUS = {
  ValidationFailed: 400,
  NotSignedIn: 401,
  InvalidCredentials: 401,
  Forbidden: 403,
  NotFound: 404,
  SlotUnavailable: 409,
  IdempotencyKeyReused: 409,
  IdempotencyKeyInFlight: 409,
  InvalidStateTransition: 409,
  CancellationWindowPassed: 409,
  AlreadyExists: 409,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  RateLimited: 429,
  ShardUnavailable: 503,
  FranchiseMoving: 503,
  Draining: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldError {
  readonly path: string;
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

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string): DomainError => new DomainError('NotFound', `${what} not found`);

export const invalid = (path: string, message: string): DomainError =>
  new DomainError('ValidationFailed', message, { errors: [{ path, message }] });
