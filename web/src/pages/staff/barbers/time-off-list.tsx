import { useState } from 'react';
import { shopApi } from '../../../api/staff-api.js';
import type { Barber } from '../../../api/types.js';
import { ProblemAlert } from '../../../ui/problem-alert.js';
import { Button, SkeletonLines } from '../../../ui/status.js';
import { useAsync } from '../../../ui/use-async.js';
import { addDays, formatDate, todayIn } from '../../../time/local-date.js';
import { formatClock, wallDate, wallTime } from '../../../time/zone-time.js';
import { AddTimeOffDialog } from '../calendar/time-off-dialog.js';

/** Coming time off of one barber (next 180 days), with add and remove. */
export function TimeOffList({ franchiseId, timezone, barber }: { readonly franchiseId: string; readonly timezone: string; readonly barber: Barber }) {
  const today = todayIn(timezone);
  const range = { from: today, to: addDays(today, 180) };
  const { state, reload } = useAsync((signal) => shopApi.timeOff(franchiseId, barber.id, range, signal), [franchiseId, barber.id, today]);
  const [adding, setAdding] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const remove = async (id: string): Promise<void> => {
    setProblem(undefined);
    try {
      await shopApi.removeTimeOff(franchiseId, barber.id, id);
      await reload();
    } catch (error) {
      setProblem(error);
    }
  };
  return (
    <section className="card">
      <div className="page-header">
        <h2 className="card__title">Time off</h2>
        <Button small onClick={() => setAdding(true)}>
          Add time off
        </Button>
      </div>
      {state.status === 'loading' && <SkeletonLines lines={2} />}
      {state.status === 'error' && <ProblemAlert error={state.error} />}
      <ProblemAlert error={problem} />
      {state.data && state.data.length === 0 && <p className="muted">No time off planned.</p>}
      {state.data && state.data.length > 0 && (
        <ul className="list-plain">
          {state.data.map((item) => (
            <li key={item.id} className="row-item">
              <span>
                <strong>
                  {formatDate(wallDate(item.start))} {formatClock(wallTime(item.start))} – {wallDate(item.end) !== wallDate(item.start) && `${formatDate(wallDate(item.end))} `}
                  {formatClock(wallTime(item.end))}
                </strong>
                {item.reason && <span className="muted"> · {item.reason}</span>}
              </span>
              <Button variant="ghost" small onClick={() => void remove(item.id)}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      {adding && <AddTimeOffDialog franchiseId={franchiseId} timezone={timezone} barbers={[barber]} date={today} onSaved={() => void reload()} onClose={() => setAdding(false)} />}
    </section>
  );
}
