import { useCallback, useEffect, useRef, useState } from 'react';
import { shopApi } from '../../../api/staff-api.js';
import type { Appointment, Barber, TimeOff } from '../../../api/types.js';

export const POLL_SECONDS = 20;

export interface CalendarData {
  readonly barbers: readonly Barber[];
  readonly appointments: readonly Appointment[];
  readonly timeOff: readonly TimeOff[];
  readonly truncated: boolean;
  /** Which range this is: while another range loads, the old one stays on screen, dimmed. */
  readonly key: string;
}

interface Range {
  readonly franchiseId: string;
  readonly locationId: string;
  readonly from: string;
  readonly to: string;
}

/**
 * The calendar's data, polled every 20 s while the tab is visible, so a new
 * online booking shows up without a reload. Ids first seen by a poll are
 * reported as "new" for a highlight.
 */
export function useCalendarData(range: Range) {
  const [data, setData] = useState<CalendarData>();
  const [error, setError] = useState<unknown>();
  const [updatedAt, setUpdatedAt] = useState<Date>();
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const known = useRef<Set<string> | null>(null);
  const key = `${range.franchiseId}|${range.locationId}|${range.from}|${range.to}`;
  const keyRef = useRef(key);

  const load = useCallback(
    async (isPoll: boolean): Promise<void> => {
      const mine = key;
      try {
        const barbers = await shopApi.barbers(range.franchiseId, range.locationId);
        const [calendar, timeOff] = await Promise.all([
          shopApi.appointments(range.franchiseId, { from: range.from, to: range.to, locationId: range.locationId }),
          Promise.all(barbers.map((barber) => shopApi.timeOff(range.franchiseId, barber.id, { from: range.from, to: range.to }))).then((lists) => lists.flat()),
        ]);
        if (keyRef.current !== mine) return;
        const ids = new Set(calendar.appointments.map((item) => item.id));
        if (isPoll && known.current) setFresh(new Set([...ids].filter((id) => !known.current?.has(id))));
        known.current = ids;
        setData({ barbers, appointments: calendar.appointments, timeOff, truncated: calendar.truncated, key: mine });
        setError(undefined);
        setUpdatedAt(new Date());
      } catch (problem) {
        if (keyRef.current === mine) setError(problem);
      }
    },
    // The key names the range; range's fields are read through it.
    [key],
  );

  useEffect(() => {
    keyRef.current = key;
    known.current = null;
    setFresh(new Set());
    setData((previous) => (previous && previous.barbers.length > 0 && sameLocation(previous, range.locationId) ? previous : undefined));
    void load(false);
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void load(true);
    }, POLL_SECONDS * 1000);
    const onVisible = (): void => {
      if (document.visibilityState === 'visible') void load(true);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [key, load, range.locationId]);

  const replace = (appointment: Appointment): void =>
    setData((previous) => previous && { ...previous, appointments: previous.appointments.map((item) => (item.id === appointment.id ? appointment : item)) });

  return { data, stale: data !== undefined && data.key !== key, error, updatedAt, fresh, reload: () => load(false), replace };
}

function sameLocation(data: CalendarData, locationId: string): boolean {
  return data.barbers.every((barber) => barber.locationId === locationId);
}
