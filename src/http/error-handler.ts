import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error.js';
import type { ErrorCode, FieldError } from '../errors/domain-error.js';
import { isDatabaseUnavailable, isFranchiseNotHere } from '../db/db-errors.js';
import { PROBLEM_CONTENT_TYPE, problemType, titleFor } from './problem.js';
import type { Problem } from './problem.js';

/** The HTTP status of each domain error code: the only place HTTP meets the domain's errors. */
const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  ValidationFailed: 400,
  NotSignedIn: 401,
  InvalidCredentials: 401,
  Forbidden: 403,
  NotFound: 404,
  SlotUnavailable: 409,
  IdempotencyKeyReused: 409,
  IdempotencyKeyInFlight: 409,
  InvalidStateTransition: 409,
  TooEarly: 409,
  NothingToUndo: 409,
  CancellationWindowPassed: 409,
  NoFreeChair: 409,
  SeriesConflicts: 409,
  AlreadyExists: 409,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  RateLimited: 429,
  ShardUnavailable: 503,
  SessionStoreUnavailable: 503,
  FranchiseMoving: 503,
  Draining: 503,
  // An emailed link that is unknown, expired, used or revoked: the same answer for each, so a link reveals nothing.
  LinkInvalid: 400,
};

/** A field error as a client reads it: where in the request (`body.client.name`, `querystring.to`). */
interface RequestFieldError {
  readonly path: string;
  readonly message: string;
}

interface Mapped {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors?: readonly RequestFieldError[];
  readonly retryAfterSeconds?: number;
  readonly extensions?: Readonly<Record<string, unknown>>;
}

/** Fastify's own client errors (bad JSON, wrong content type, too large…) keep their 4xx status. */
const FASTIFY_CODES: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'ValidationFailed',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'ValidationFailed',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PayloadTooLarge',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UnsupportedMediaType',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'ValidationFailed',
};

function fieldErrors(error: FastifyError): RequestFieldError[] {
  return (error.validation ?? []).map((issue) => {
    const missing = issue.keyword === 'required' ? `/${String((issue.params as { missingProperty?: string }).missingProperty ?? '')}` : '';
    const path = `${error.validationContext ?? 'body'}${issue.instancePath}${missing}`;
    return { path: path.replace(/\//g, '.'), message: issue.message ?? 'is invalid' };
  });
}

/**
 * Where a service's field sits in this request: the body when the body has it,
 * else the query string when that has it, else by method (reads take queries,
 * writes take bodies). Paths match those of schema errors.
 */
function requestPath(request: FastifyRequest, error: FieldError): RequestFieldError {
  const head = error.field.split('.')[0] ?? '';
  const has = (part: unknown): boolean => typeof part === 'object' && part !== null && head in part;
  const source = has(request.body) ? 'body' : has(request.query) ? 'querystring' : request.method === 'GET' || request.method === 'DELETE' ? 'querystring' : 'body';
  return { path: `${source}.${error.field}`, message: error.message };
}

function map(error: unknown, request: FastifyRequest): Mapped | undefined {
  if (error instanceof DomainError) {
    return {
      status: ERROR_STATUS[error.code],
      code: error.code,
      detail: error.message,
      ...(error.errors && { errors: error.errors.map((fieldError) => requestPath(request, fieldError)) }),
      ...(error.retryAfterSeconds !== undefined && { retryAfterSeconds: error.retryAfterSeconds }),
      ...(error.extensions && { extensions: error.extensions }),
    };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    return { status: 400, code: 'ValidationFailed', detail: 'The request is not valid.', errors: fieldErrors(fastifyError) };
  }
  const known = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (known) return { status: fastifyError.statusCode ?? 400, code: known, detail: fastifyError.message };
  // A write that reached a franchise's old shard mid-move (a path not yet on router.withPrimary).
  if (isFranchiseNotHere(error)) {
    return { status: 503, code: 'FranchiseMoving', detail: 'This shop is being moved to another server; please retry in a moment.', retryAfterSeconds: 1 };
  }
  if (isDatabaseUnavailable(error)) {
    return { status: 503, code: 'ShardUnavailable', detail: 'The database is briefly unavailable; please retry.', retryAfterSeconds: 5 };
  }
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return { status, code: 'BadRequest', detail: fastifyError.message };
  }
  return undefined;
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, mapped: Mapped): FastifyReply {
  const problem: Problem = {
    type: problemType(mapped.code),
    title: titleFor(mapped.status),
    status: mapped.status,
    detail: mapped.detail,
    instance: request.url,
    requestId: request.id,
    code: mapped.code,
    ...(mapped.errors && { errors: mapped.errors }),
    ...mapped.extensions,
  };
  if (mapped.retryAfterSeconds !== undefined) void reply.header('retry-after', String(mapped.retryAfterSeconds));
  return reply.status(mapped.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

/**
 * Errors Fastify raises before routing (a URL it cannot decode, a path
 * parameter past the router's length limit): the same problem documents.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  void reply.header('x-request-id', request.id);
  void sendProblem(request, reply, { status, code: status === 414 ? 'UriTooLong' : 'BadRequest', detail: error.message });
}

/** The one place where errors become HTTP answers. 5xx details are logged, never shown. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const mapped = map(error, request);
    if (mapped) {
      if (mapped.status >= 500) request.log.warn({ err: error }, 'request failed: service unavailable');
      return sendProblem(request, reply, mapped);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, { status: 500, code: 'InternalError', detail: 'Something went wrong on our side. The request id helps us find it.' });
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, { status: 404, code: 'RouteNotFound', detail: `No route ${request.method} ${request.url.split('?')[0]}` }),
  );
}
