import { isLocalDate } from '../../time/instants.js';
import { invalid } from '../../errors/domain-error.js';

const DAY_MS = 86_400_000;

/** Dates are UTC calendar days, `to` included; the default is the last 30 days. */
export function reportRange(from: string | undefined, to: string | undefined, now: Date): { from: Date; to: Date } {
  for (const [name, value] of [['from', from], ['to', to]] as const) {
    if (value !== undefined && !isLocalDate(value)) throw invalid(`${name}`, 'must be a real date YYYY-MM-DD');
  }
  const end = to ? new Date(`${to}T00:00:00Z`).getTime() + DAY_MS : Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY_MS;
  const start = from ? new Date(`${from}T00:00:00Z`).getTime() : end - 30 * DAY_MS;
  return { from: new Date(start), to: new Date(end) };
}
