/**
 * Instants in a named zone without a date library: the API already answers
 * in the shop's zone ("2027-03-14T09:00:00-04:00"), so the wall-clock parts of
 * its strings are the shop's; only turning a wall time the staff typed into an
 * instant needs the zone's offset, which Intl knows.
 */

/** "09:00" from "2027-03-14T09:00:00-04:00" — the wall clock of the zone the string was written in. */
export const wallTime = (iso: string): string => iso.slice(11, 16);
/** "2027-03-14" from an instant string in a zone. */
export const wallDate = (iso: string): string => iso.slice(0, 10);
/** Minutes since local midnight of an instant string. */
export function wallMinutes(iso: string): number {
  return Number(iso.slice(11, 13)) * 60 + Number(iso.slice(14, 16));
}

export function minutesOf(hhmm: string): number {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

export function hhmmOf(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** "9:00 AM" or "09:00", following the visitor's locale, for a wall time "HH:MM". */
export function formatClock(hhmm: string): string {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, 0, 1, h, m)));
}

/** The zone's offset from UTC in minutes at an instant (e.g. -240 for New York in summer). */
export function offsetMinutes(timeZone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at);
  const name = parts.find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const found = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!found) return 0;
  const sign = found[1] === '-' ? -1 : 1;
  return sign * (Number(found[2]) * 60 + Number(found[3] ?? 0));
}

const pad = (value: number): string => String(Math.abs(value)).padStart(2, '0');
const offsetText = (minutes: number): string => `${minutes < 0 ? '-' : '+'}${pad(Math.trunc(minutes / 60))}:${pad(minutes % 60)}`;

/**
 * The instant of a wall time in a zone, as ISO 8601 with that zone's offset.
 * In a DST gap the later offset wins (02:30 on a spring-forward day becomes 03:30);
 * in an overlap the earlier instant wins.
 */
export function wallToInstant(date: string, time: string, timeZone: string): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  // The offsets in force a day before and a day after cover any one transition.
  const before = offsetMinutes(timeZone, new Date(asUtc - 86_400_000));
  const after = offsetMinutes(timeZone, new Date(asUtc + 86_400_000));
  const valid = [before, after]
    .map((offset) => asUtc - offset * 60_000)
    .filter((instant) => asUtc - offsetMinutes(timeZone, new Date(instant)) * 60_000 === instant);
  const instant = valid.length > 0 ? Math.min(...valid) : asUtc - before * 60_000;
  const actual = offsetMinutes(timeZone, new Date(instant));
  const wall = new Date(instant + actual * 60_000);
  return `${wall.toISOString().slice(0, 19)}${offsetText(actual)}`;
}

/** The visitor's own zone, as the browser knows it. */
export function visitorZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** An instant shown on the visitor's clock: "2:00 PM". */
export function clockInVisitorZone(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

/** "New York" from "America/New_York". */
export function zoneCity(timeZone: string): string {
  return (timeZone.split('/').at(-1) ?? timeZone).replace(/_/g, ' ');
}
