import { DateTime } from 'luxon';

/**
 * When a text due at `due` may go, given quiet hours in the shop's zone (e.g.
 * 21:00–08:00). Outside them: `due`. Inside: the end of the quiet time, unless
 * that is already past `deadline` (the appointment), then the start of the
 * quiet time, so a reminder still arrives before the visit.
 */
export function outsideQuietHours(due: Date, deadline: Date, zone: string, quietStart: string, quietEnd: string): Date {
  const local = DateTime.fromJSDate(due, { zone });
  const at = (day: DateTime, hhmm: string): DateTime => {
    const [h, m] = hhmm.split(':').map(Number);
    return day.set({ hour: h ?? 0, minute: m ?? 0, second: 0, millisecond: 0 });
  };
  const startToday = at(local, quietStart);
  const endToday = at(local, quietEnd);
  let window: { start: DateTime; end: DateTime } | undefined;
  if (startToday <= endToday) {
    if (local >= startToday && local < endToday) window = { start: startToday, end: endToday };
  } else if (local >= startToday) {
    window = { start: startToday, end: at(local.plus({ days: 1 }), quietEnd) };
  } else if (local < endToday) {
    window = { start: at(local.minus({ days: 1 }), quietStart), end: endToday };
  }
  if (!window) return due;
  const end = window.end.toJSDate();
  return end.getTime() < deadline.getTime() ? end : window.start.minus({ minutes: 1 }).toJSDate();
}
