import { secondOfDay } from '../../time/wall-clock.js';
import type { LocationPageView } from './location-page.schemas.js';
import type { LocationPageRow } from './location-page.repository.js';

export interface OpeningHours {
  readonly weekday: number;
  readonly start: string;
  readonly end: string;
}

export function toLocationPage(row: LocationPageRow): LocationPageView {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    timezone: row.timezone,
    currency: row.currency,
    address: row.address ?? null,
    policy: {
      minNoticeMinutes: row.minNoticeMinutes,
      horizonDays: row.horizonDays,
      cancellationWindowHours: row.cancellationWindowHours,
      slotStepMinutes: row.slotStepMinutes,
    },
    hours: openingHours(row.barbers.flatMap((barber) => barber.weekly)),
    services: row.services.map((service) => ({ ...service })),
    barbers: row.barbers.map((barber) => ({ id: barber.id, name: barber.name, serviceIds: [...barber.serviceIds] })),
  };
}

/**
 * The shop is open whenever at least one barber works: the union of every
 * barber's weekly hours, per weekday, as wall-clock 'HH:MM' (24:00 = midnight).
 */
export function openingHours(weekly: readonly (readonly [number, string, string])[]): OpeningHours[] {
  const result: OpeningHours[] = [];
  for (let weekday = 1; weekday <= 7; weekday++) {
    const spans = weekly
      .filter(([day]) => day === weekday)
      .map(([, start, end]) => [secondOfDay(start), secondOfDay(end)] as const)
      .sort((a, b) => a[0] - b[0]);
    let current: [number, number] | undefined;
    for (const [start, end] of spans) {
      if (current && start <= current[1]) {
        current[1] = Math.max(current[1], end);
        continue;
      }
      if (current) result.push({ weekday, start: clockText(current[0]), end: clockText(current[1]) });
      current = [start, end];
    }
    if (current) result.push({ weekday, start: clockText(current[0]), end: clockText(current[1]) });
  }
  return result;
}

const two = (n: number): string => String(n).padStart(2, '0');

function clockText(total: number): string {
  const text = `${two(Math.floor(total / 3600))}:${two(Math.floor((total % 3600) / 60))}`;
  return total % 60 === 0 ? text : `${text}:${two(total % 60)}`;
}
