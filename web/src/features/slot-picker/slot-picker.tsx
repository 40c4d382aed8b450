import { useEffect, useMemo, useState } from 'react';
import type { Slot } from '../../api/types.js';
import { ProblemAlert } from '../../ui/problem-alert.js';
import { Button, EmptyState, Skeleton } from '../../ui/status.js';
import { addDays, daysBetween, formatDate, todayIn } from '../../time/local-date.js';
import { wallDate } from '../../time/zone-time.js';
import { DateStrip } from './date-strip.js';
import { SlotGrid } from './slot-grid.js';
import { WINDOW_DAYS, useAvailability } from './use-availability.js';
import { ZoneNote } from './zone-note.js';
import './slot-picker.css';

interface Props {
  readonly slug: string;
  readonly timezone: string;
  readonly serviceId: string;
  readonly barberId: string | undefined;
  readonly horizonDays: number;
  readonly selected: Slot | undefined;
  readonly onSelect: (slot: Slot) => void;
  /** Bumped by the parent to force a fresh look (after a lost race). */
  readonly refreshKey?: number;
}

/** Date strip + free times of the chosen day, in the shop's zone. */
export function SlotPicker({ slug, timezone, serviceId, barberId, horizonDays, selected, onSelect, refreshKey = 0 }: Props) {
  const today = useMemo(() => todayIn(timezone), [timezone]);
  const lastDay = addDays(today, Math.max(0, horizonDays));
  const [windowStart, setWindowStart] = useState(() => (selected ? windowFor(today, wallDate(selected.start)) : today));
  const [day, setDay] = useState<string | undefined>(selected ? wallDate(selected.start) : undefined);
  const { state, refresh } = useAvailability({ slug, serviceId, barberId, from: windowStart });

  useEffect(() => {
    if (refreshKey > 0) refresh();
  }, [refreshKey, refresh]);

  const days = useMemo(
    () => Array.from({ length: WINDOW_DAYS }, (_, index) => addDays(windowStart, index)).filter((date) => date <= lastDay),
    [windowStart, lastDay],
  );
  const counts = useMemo(() => {
    if (state.status !== 'ready') return undefined;
    const map = new Map<string, number>();
    for (const slot of state.slots) map.set(wallDate(slot.start), (map.get(wallDate(slot.start)) ?? 0) + 1);
    return map;
  }, [state]);

  // Once the window's slots arrive, open the first day that has any (unless the visitor picked one).
  useEffect(() => {
    if (!counts) return;
    if (day && days.includes(day)) return;
    setDay(days.find((date) => (counts.get(date) ?? 0) > 0) ?? days[0]);
  }, [counts, day, days]);

  const daySlots = state.status === 'ready' && day ? state.slots.filter((slot) => wallDate(slot.start) === day) : [];
  const nextFree = state.status === 'ready' ? state.slots.find((slot) => day !== undefined && wallDate(slot.start) > day) : undefined;
  const move = (delta: number): void => {
    setWindowStart((start) => addDays(start, delta));
    setDay(undefined);
  };

  return (
    <div className="slot-picker">
      <DateStrip
        days={days}
        selected={day}
        counts={counts}
        onSelect={setDay}
        canGoBack={windowStart > today}
        canGoForward={addDays(windowStart, WINDOW_DAYS) <= lastDay}
        onBack={() => move(-WINDOW_DAYS)}
        onForward={() => move(WINDOW_DAYS)}
      />
      <ZoneNote timeZone={timezone} example={daySlots[0]?.start ?? (state.status === 'ready' ? state.slots[0]?.start : undefined)} />
      <div className="slot-picker__times" aria-live="polite">
        {state.status === 'loading' && <SlotsSkeleton />}
        {state.status === 'error' && (
          <ProblemAlert error={state.error} title="We could not load the free times.">
            <Button variant="secondary" small onClick={refresh}>
              Try again
            </Button>
          </ProblemAlert>
        )}
        {state.status === 'ready' && day && daySlots.length > 0 && (
          <>
            <h3 className="slot-picker__day">{formatDate(day, 'long')}</h3>
            <SlotGrid slots={daySlots} selected={selected?.start} onSelect={onSelect} />
          </>
        )}
        {state.status === 'ready' && day && daySlots.length === 0 && (
          <EmptyState title={`No free times on ${formatDate(day)}`}>
            {nextFree ? (
              <Button variant="secondary" small onClick={() => setDay(wallDate(nextFree.start))}>
                Jump to the next free day: {formatDate(wallDate(nextFree.start))}
              </Button>
            ) : (
              <p>Try the next two weeks{barberId ? ', or choose “anyone”' : ''}.</p>
            )}
          </EmptyState>
        )}
      </div>
    </div>
  );
}

function windowFor(today: string, date: string): string {
  const offset = Math.max(0, daysBetween(today, date));
  return addDays(today, offset - (offset % WINDOW_DAYS));
}

function SlotsSkeleton() {
  return (
    <div role="status" aria-label="Loading free times">
      <Skeleton width="12rem" height="1.5rem" />
      <div className="slot-grid__times" style={{ marginTop: '1rem' }}>
        {Array.from({ length: 8 }, (_, index) => (
          <Skeleton key={index} height="44px" />
        ))}
      </div>
    </div>
  );
}
