import { IANAZone } from 'luxon';

/**
 * Wall-clock arithmetic in a location's IANA zone, in epoch milliseconds.
 * Luxon is used only for the zone's UTC offset at an instant; everything else is
 * integer math, so the slot engine allocates next to nothing per slot.
 */
export interface ZoneClock {
  readonly name: string;
  /** The instant at which the wall clock of `date` reads `secondOfDay` (0…86400). */
  toInstant(date: string, secondOfDay: number): number;
  /** UTC offset in minutes at an instant. */
  offsetAt(ms: number): number;
  /** The local calendar date 'YYYY-MM-DD' of an instant. */
  localDate(ms: number): string;
  /** ISO 8601 with seconds and offset, no fraction: the contract's format (same text as formatInstant). */
  format(ms: number): string;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
export const DAY_MS = 86_400_000;
// Offsets are cached per 15-minute bucket: zone transitions fall on those boundaries in every modern zone,
// and a bucket whose two ends disagree is never cached.
const BUCKET = 15 * MINUTE;
// About two years of buckets per zone; the cache is emptied, not grown, past that.
const MAX_BUCKETS = 70_000;

export function createZoneClock(name: string): ZoneClock {
  const zone = IANAZone.create(name);
  if (!zone.isValid) throw new Error(`invalid time zone ${name}`);
  // Luxon prints "Z" for the UTC/GMT zone names and +00:00 for Europe/London in winter; match it.
  const utcName = ['utc', 'gmt'].includes(name.toLowerCase());
  const buckets = new Map<number, number>();

  const offsetAt = (ms: number): number => {
    const bucket = Math.floor(ms / BUCKET);
    const cached = buckets.get(bucket);
    if (cached !== undefined) return cached;
    const offset = zone.offset(ms);
    if (zone.offset(bucket * BUCKET) === offset && zone.offset(bucket * BUCKET + BUCKET - 1) === offset) {
      if (buckets.size >= MAX_BUCKETS) buckets.clear();
      buckets.set(bucket, offset);
    }
    return offset;
  };

  const toInstant = (date: string, secondOfDay: number): number => {
    const wall = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) + secondOfDay * 1000;
    // The offsets in force a day either side cover every real transition.
    const before = offsetAt(wall - DAY_MS);
    const after = offsetAt(wall + DAY_MS);
    const early = wall - before * MINUTE;
    const late = wall - after * MINUTE;
    const earlyValid = offsetAt(early) === before;
    const lateValid = offsetAt(late) === after;
    // Repeated hour (fall back): the first time the clock shows it. Skipped hour (spring forward):
    // shifted forward by the gap, so 02:30 on a 02:00→03:00 day opens at 03:30, as luxon does.
    if (earlyValid && lateValid) return Math.min(early, late);
    if (earlyValid) return early;
    if (lateValid) return late;
    return early;
  };

  const localDate = (ms: number): string => new Date(ms + offsetAt(ms) * MINUTE).toISOString().slice(0, 10);

  const format = (ms: number): string => {
    const whole = Math.floor(ms / 1000) * 1000;
    const offset = offsetAt(whole);
    const local = new Date(whole + offset * MINUTE).toISOString().slice(0, 19);
    if (utcName && offset === 0) return `${local}Z`;
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  };

  return { name, toInstant, offsetAt, localDate, format };
}

const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** 'YYYY-MM-DD' plus n calendar days (pure date math, no zone). */
export function addDays(date: string, days: number): string {
  const ms = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)) + days);
  return new Date(ms).toISOString().slice(0, 10);
}

/** ISO weekday of a calendar date: Monday = 1 … Sunday = 7. */
export function isoWeekday(date: string): number {
  const day = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)))).getUTCDay();
  return day === 0 ? 7 : day;
}

/** 'HH:MM' or 'HH:MM:SS' (PostgreSQL time, 24:00:00 allowed) → seconds since midnight. */
export function secondOfDay(time: string): number {
  const [h = '0', m = '0', s = '0'] = time.split(':');
  return Number(h) * 3600 + Number(m) * 60 + Math.floor(Number(s));
}

export { HOUR, MINUTE };
