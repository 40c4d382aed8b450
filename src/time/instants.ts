import { DateTime, IANAZone } from 'luxon';

/**
 * The contract's time rules (DESIGN.md section 7): responses are ISO 8601 in the
 * location's zone with seconds and the offset, no fraction; requests accept any
 * ISO 8601 instant that carries an offset or Z.
 */
export function formatInstant(instant: Date | number, timeZone: string): string {
  const dt = DateTime.fromMillis(typeof instant === 'number' ? instant : instant.getTime(), { zone: timeZone });
  return dt.toISO({ suppressMilliseconds: true, includeOffset: true }) as string;
}

const INSTANT_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** A Date for a valid ISO instant with an offset; null for anything else (no offset, Feb 30, 25:00…). */
export function parseInstant(text: string): Date | null {
  if (!INSTANT_WITH_OFFSET.test(text)) return null;
  const dt = DateTime.fromISO(text, { setZone: true });
  return dt.isValid ? dt.toJSDate() : null;
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date 'YYYY-MM-DD' (so not 2027-02-30). */
export function isLocalDate(text: string): boolean {
  return LOCAL_DATE.test(text) && DateTime.fromISO(text, { zone: 'UTC' }).isValid;
}

export function isTimeZone(name: string): boolean {
  // Luxon accepts fixed-offset names too; a location needs a real IANA zone.
  return name.includes('/') || name === 'UTC' ? IANAZone.isValidZone(name) : false;
}

/** The local calendar date of an instant in a zone: 'YYYY-MM-DD'. */
export function localDateOf(instant: Date | number, timeZone: string): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return DateTime.fromMillis(ms, { zone: timeZone }).toISODate() as string;
}
