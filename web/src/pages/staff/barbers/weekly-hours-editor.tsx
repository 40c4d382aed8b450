import type { WeeklyInterval } from '../../../api/types.js';
import { WEEKDAYS, weekdayName } from '../../../time/local-date.js';
import { minutesOf } from '../../../time/zone-time.js';
import './weekly-hours.css';

interface Props {
  readonly value: readonly WeeklyInterval[];
  readonly onChange: (value: WeeklyInterval[]) => void;
  /** For labels: "Sam's hours on Monday". */
  readonly who?: string;
}

/** Problems a person can fix before saving: an end before its start, two intervals that overlap. */
export function hoursProblems(value: readonly WeeklyInterval[]): Map<number, string> {
  const problems = new Map<number, string>();
  for (const weekday of WEEKDAYS) {
    const day = value.filter((item) => item.weekday === weekday).sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    for (const [index, item] of day.entries()) {
      if (minutesOf(item.end) <= minutesOf(item.start)) problems.set(weekday, 'The end must be after the start.');
      const previous = day[index - 1];
      if (previous && minutesOf(item.start) < minutesOf(previous.end)) problems.set(weekday, 'Two time ranges overlap.');
    }
  }
  return problems;
}

/** Weekly hours, a row per weekday; a day can hold several ranges (a lunch break splits it in two). */
export function WeeklyHoursEditor({ value, onChange, who }: Props) {
  const problems = hoursProblems(value);
  const replaceDay = (weekday: number, ranges: readonly { start: string; end: string }[]): void => {
    onChange([...value.filter((item) => item.weekday !== weekday), ...ranges.map((range) => ({ weekday, ...range }))].sort((a, b) => a.weekday - b.weekday || minutesOf(a.start) - minutesOf(b.start)));
  };
  return (
    <div className="weekly-hours" role="group" aria-label={who ? `Weekly hours of ${who}` : 'Weekly hours'}>
      {WEEKDAYS.map((weekday) => {
        const ranges = value.filter((item) => item.weekday === weekday);
        const open = ranges.length > 0;
        const name = weekdayName(weekday);
        const problem = problems.get(weekday);
        return (
          <div key={weekday} className="weekly-hours__day" data-weekday={weekday}>
            <label className="checkbox weekly-hours__open">
              <input type="checkbox" checked={open} onChange={(event) => replaceDay(weekday, event.target.checked ? [{ start: '09:00', end: '17:00' }] : [])} />
              <span className="weekly-hours__name">{name}</span>
            </label>
            <div className="weekly-hours__ranges">
              {!open && <span className="muted small">Closed</span>}
              {ranges.map((range, index) => (
                <span key={index} className="weekly-hours__range">
                  <input
                    type="time"
                    className="input"
                    aria-label={`${name} from${index > 0 ? ` (range ${index + 1})` : ''}`}
                    value={range.start}
                    step={900}
                    onChange={(event) => replaceDay(weekday, ranges.map((item, i) => (i === index ? { start: event.target.value, end: item.end } : item)))}
                  />
                  <span aria-hidden="true">–</span>
                  <input
                    type="time"
                    className="input"
                    aria-label={`${name} until${index > 0 ? ` (range ${index + 1})` : ''}`}
                    value={range.end}
                    step={900}
                    onChange={(event) => replaceDay(weekday, ranges.map((item, i) => (i === index ? { start: item.start, end: event.target.value } : item)))}
                  />
                  {ranges.length > 1 && (
                    <button type="button" className="button button--ghost button--small" onClick={() => replaceDay(weekday, ranges.filter((_, i) => i !== index))} aria-label={`Remove ${name} range ${index + 1}`}>
                      Remove
                    </button>
                  )}
                </span>
              ))}
              {open && (
                <button
                  type="button"
                  className="button button--ghost button--small"
                  onClick={() => {
                    const last = ranges.at(-1);
                    const start = last ? last.end : '13:00';
                    replaceDay(weekday, [...ranges, { start, end: minutesOf(start) < 20 * 60 ? '20:00' : '23:45' }]);
                  }}
                >
                  Add a range
                </button>
              )}
              {problem && (
                <span className="field__error" role="alert">
                  {problem}
                </span>
              )}
            </div>
          </div>
        );
      })}
    </div>
  );
}
