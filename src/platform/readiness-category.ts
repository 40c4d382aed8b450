import { DomainError } from '../errors/domain-error.js';

const TIMEOUT_CODES = new Set(['ETIMEDOUT', '57014']);
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', '57P01', '57P02', '57P03', '53300']);

/**
 * The kind of a readiness failure, for the /ready answer: driver messages name
 * hosts, users and databases, so the answer says only "timeout",
 * "unreachable", "schema behind" or "error"; the full error goes to the log.
 */
export function readinessCategory(error: unknown): string {
  if (error instanceof DomainError && error.code === 'ShardUnavailable') return /schema/.test(error.message) ? 'schema behind' : 'unavailable';
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (TIMEOUT_CODES.has(code)) return 'timeout';
    if (UNREACHABLE_CODES.has(code)) return 'unreachable';
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/timeout|timed out/i.test(message)) return 'timeout';
  if (/connect|terminated|closed|ECONNREFUSED|getaddrinfo/i.test(message)) return 'unreachable';
  return 'error';
}
