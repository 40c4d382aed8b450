import { useEffect, useRef } from 'react';
import { dayOfMonth, formatDate, monthShort, weekdayShort } from '../../time/local-date.js';

interface Props {
  readonly days: readonly string[];
  readonly selected: string | undefined;
  /** Free slots per day; undefined while loading. */
  readonly counts: ReadonlyMap<string, number> | undefined;
  readonly onSelect: (date: string) => void;
  readonly canGoBack: boolean;
  readonly canGoForward: boolean;
  readonly onBack: () => void;
  readonly onForward: () => void;
}

/** Two weeks of days as buttons; a full day stays visible but says so. */
export function DateStrip({ days, selected, counts, onSelect, canGoBack, canGoForward, onBack, onForward }: Props) {
  const listRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const button = listRef.current?.querySelector<HTMLButtonElement>('[aria-pressed="true"]');
    button?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [selected]);

  return (
    <div className="date-strip">
      <button type="button" className="date-strip__nav" onClick={onBack} disabled={!canGoBack} aria-label="Earlier days">
        ‹
      </button>
      <div className="date-strip__days" ref={listRef} role="group" aria-label="Choose a day">
        {days.map((date) => {
          const count = counts?.get(date);
          const full = counts !== undefined && !count;
          const label = `${formatDate(date, 'long')}: ${counts === undefined ? 'loading' : full ? 'no free times' : `${count} free times`}`;
          return (
            <button
              key={date}
              type="button"
              className="date-strip__day"
              aria-pressed={date === selected}
              aria-label={label}
              data-date={date}
              data-full={full || undefined}
              onClick={() => onSelect(date)}
            >
              <span className="date-strip__weekday">{weekdayShort(date)}</span>
              <span className="date-strip__number">{dayOfMonth(date)}</span>
              <span className="date-strip__month">{full ? 'Full' : monthShort(date)}</span>
            </button>
          );
        })}
      </div>
      <button type="button" className="date-strip__nav" onClick={onForward} disabled={!canGoForward} aria-label="Later days">
        ›
      </button>
    </div>
  );
}
