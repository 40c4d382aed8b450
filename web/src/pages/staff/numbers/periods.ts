import { addDays } from '../../../time/local-date.js';

export type PeriodId = '7d' | '30d' | '90d' | 'month' | 'last-month' | 'year' | 'custom';

export const PERIODS: readonly { id: PeriodId; label: string }[] = [
  { id: '7d', label: 'Last 7 days' },
  { id: '30d', label: 'Last 30 days' },
  { id: '90d', label: 'Last 90 days' },
  { id: 'month', label: 'This month' },
  { id: 'last-month', label: 'Last month' },
  { id: 'year', label: 'Last 12 months' },
  { id: 'custom', label: 'Custom dates' },
];

/** The from–to local dates (both included) of a preset, counted back from today in the shop's zone. */
export function periodRange(id: Exclude<PeriodId, 'custom'>, today: string): { from: string; to: string } {
  switch (id) {
    case '7d':
      return { from: addDays(today, -6), to: today };
    case '30d':
      return { from: addDays(today, -29), to: today };
    case '90d':
      return { from: addDays(today, -89), to: today };
    case 'month':
      return { from: `${today.slice(0, 8)}01`, to: today };
    case 'last-month': {
      const end = addDays(`${today.slice(0, 8)}01`, -1);
      return { from: `${end.slice(0, 8)}01`, to: end };
    }
    case 'year':
      return { from: addDays(today, -364), to: today };
  }
}
