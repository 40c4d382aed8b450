import { useState } from 'react';
import { shopApi } from '../../../api/staff-api.js';
import type { AnalyticsReport } from '../../../api/types.js';
import { useTitle } from '../../../router/router.js';
import { SelectField, TextField } from '../../../ui/field.js';
import { ProblemAlert } from '../../../ui/problem-alert.js';
import { fieldError } from '../../../ui/problem-text.js';
import { Button, Skeleton } from '../../../ui/status.js';
import { useAsync } from '../../../ui/use-async.js';
import { formatDate, todayIn } from '../../../time/local-date.js';
import { useSession } from '../session.js';
import { LocationCompare } from './location-compare.js';
import { NumbersCharts } from './numbers-charts.js';
import { NumbersKpis } from './numbers-kpis.js';
import { PERIODS, periodRange } from './periods.js';
import type { PeriodId } from './periods.js';
import './numbers.css';

/** The owner's "Six Figure Barber" view: the numbers of a period, per location, and how each is made. */
export function NumbersPage() {
  useTitle('Numbers');
  const { franchise, location } = useSession();
  const [period, setPeriod] = useState<PeriodId>('30d');
  const [scope, setScope] = useState<string>(location?.id ?? 'all');
  const zone = franchise?.locations.find((item) => item.id === scope)?.timezone ?? location?.timezone ?? 'UTC';
  const today = todayIn(zone);
  const [custom, setCustom] = useState(() => periodRange('30d', today));
  const range = period === 'custom' ? custom : periodRange(period, today);
  const fid = franchise?.id ?? '';
  const { state, reload } = useAsync(
    (signal) => shopApi.analytics(fid, { ...range, locationId: scope === 'all' ? undefined : scope }, signal),
    [fid, range.from, range.to, scope],
    { keepPrevious: true },
  );
  if (!franchise) return null;
  const report: AnalyticsReport | undefined = state.data;

  return (
    <div className="numbers">
      <div className="page-header">
        <h1>Numbers</h1>
        <p className="muted small numbers__period">
          {formatDate(range.from)} – {formatDate(range.to)}
        </p>
      </div>
      <form className="numbers__controls card" onSubmit={(event) => event.preventDefault()} aria-label="Period and location">
        <SelectField label="Period" value={period} onChange={(event) => setPeriod(event.target.value as PeriodId)}>
          {PERIODS.map((item) => (
            <option key={item.id} value={item.id}>
              {item.label}
            </option>
          ))}
        </SelectField>
        {period === 'custom' && (
          <>
            <TextField label="From" type="date" value={custom.from} max={custom.to} onChange={(event) => event.target.value && setCustom({ ...custom, from: event.target.value })} error={fieldError(state.error, 'from')} />
            <TextField label="To" type="date" value={custom.to} min={custom.from} onChange={(event) => event.target.value && setCustom({ ...custom, to: event.target.value })} error={fieldError(state.error, 'to')} />
          </>
        )}
        <SelectField label="Location" value={scope} onChange={(event) => setScope(event.target.value)}>
          {franchise.locations.length > 1 && <option value="all">All locations, side by side</option>}
          {franchise.locations.map((item) => (
            <option key={item.id} value={item.id}>
              {item.name}
            </option>
          ))}
        </SelectField>
      </form>

      {state.status === 'error' && (
        <ProblemAlert error={state.error} shownPaths={['from', 'to']} title="The numbers could not be loaded.">
          <Button variant="secondary" small onClick={() => void reload()}>
            Try again
          </Button>
        </ProblemAlert>
      )}
      <div aria-busy={state.status === 'loading'} data-stale={(state.status === 'loading' && report !== undefined) || undefined} className="numbers__body">
        {report ? (
          <>
            <NumbersKpis report={report} />
            <NumbersCharts report={report} />
            {report.locations.length > 1 && <LocationCompare report={report} />}
          </>
        ) : (
          state.status === 'loading' && <NumbersSkeleton />
        )}
      </div>
    </div>
  );
}

function NumbersSkeleton() {
  return (
    <div role="status" aria-label="Loading the numbers">
      <div className="kpi-grid">
        {Array.from({ length: 8 }, (_, index) => (
          <Skeleton key={index} height="8.5rem" />
        ))}
      </div>
      <Skeleton height="18rem" style={{ marginTop: '1rem' }} />
    </div>
  );
}
