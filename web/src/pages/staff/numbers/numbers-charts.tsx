import type { AnalyticsReport } from '../../../api/types.js';
import { formatDate } from '../../../time/local-date.js';
import { formatCount, formatMoney, formatPercent } from '../../../time/money.js';
import { BarChart } from './charts/bar-chart.js';
import { MeterList } from './charts/meter-list.js';

const GOAL_LABEL = (currencies: readonly string[]): string =>
  currencies.length === 1 ? `${formatMoney(10_000_000, currencies[0] as string)} goal` : `${formatCount(100_000)} goal, in each shop's currency`;

/** "Fade & Co New York", "Fade & Co London" → "New York", "London": the words the names do not share. */
export function shortNames(names: readonly string[]): string[] {
  if (names.length < 2) return names.slice();
  const split = names.map((name) => name.split(' '));
  let shared = 0;
  while (split.every((words) => words.length > shared + 1 && words[shared] === split[0]?.[shared])) shared++;
  return split.map((words) => words.slice(shared).join(' '));
}

/** Revenue over time, the rates, and each barber's run-rate against the six-figure goal. */
export function NumbersCharts({ report }: { readonly report: AnalyticsReport }) {
  const { summary: s, formulas: f } = report;
  // Money in different currencies is never added up: one revenue chart per currency.
  const currencies = [...new Set(report.locations.map((location) => location.currency))];
  const pointsFor = (currency: string) =>
    s.series.map((point) => {
      const amount = point.revenue.find((item) => item.currency === currency);
      const label = point.start === point.end ? formatDate(point.start) : `${formatDate(point.start)} – ${formatDate(point.end)}`;
      // The visits of this currency's shops only: a £ bar never counts the $ shops' visits.
      const visits = amount?.completed ?? 0;
      return { label, axisLabel: formatDate(point.start).replace(/^\w+,?\s/, ''), value: amount?.cents ?? 0, detail: `${formatCount(visits)} ${visits === 1 ? 'visit' : 'visits'}` };
    });
  const several = report.locations.length > 1;
  const short = new Map(report.locations.map((location, index) => [location.id, shortNames(report.locations.map((l) => l.name))[index] ?? location.name]));
  const who = (barberName: string, locationId: string): string => (several ? `${barberName} (${short.get(locationId) ?? ''})` : barberName);
  const barbers = report.locations.flatMap((location) => location.barbers.filter((barber) => barber.isActive || barber.completed > 0).map((barber) => ({ barber, location })));
  const runRates = barbers.map(({ barber, location }) => {
    const rate = barber.runRate.find((item) => item.currency === location.currency) ?? barber.runRate[0];
    const label = who(barber.name, location.id);
    return { label, value: rate?.progress.value ?? null, text: rate?.value != null ? `${formatMoney(rate.value, rate.currency, { compact: true })}/yr` : '—', target: 1 };
  });
  const maxRun = Math.max(1.2, ...runRates.map((item) => (item.value ?? 0) * 1.05));

  return (
    <div className="numbers-charts">
      <section className="card numbers-charts__wide">
        <h2 className="card__title">Revenue over time</h2>
        {currencies.map((currency) => {
          const points = pointsFor(currency);
          return (
            <div key={currency}>
              <p className="small muted">
                Per {report.period.bucket === 'day' ? 'day' : '7-day block'}, {currency}
                {currencies.length > 1 && ` (${report.locations.filter((l) => l.currency === currency).map((l) => l.name).join(', ')})`}.
              </p>
              {points.every((point) => point.value === 0) ? (
                <p className="empty">No completed visits in this period yet.</p>
              ) : (
                <BarChart title={`Revenue over time, ${currency}`} points={points} format={(cents) => formatMoney(cents, currency, { compact: true })} />
              )}
            </div>
          );
        })}
        <details className="details-toggle">
          <summary>How is this calculated?</summary>
          <p className="small">{f.series}</p>
        </details>
      </section>
      <section className="card">
        <h2 className="card__title">Clients and chairs</h2>
        <MeterList
          title="Rates"
          items={[
            { label: 'Returning clients', value: s.returningClientShare.value, text: formatPercent(s.returningClientShare.value) },
            { label: 'Rebooked in 6 weeks', value: s.rebookingRate.value, text: formatPercent(s.rebookingRate.value) },
            { label: 'Chair utilization', value: s.chairUtilization.value, text: formatPercent(s.chairUtilization.value) },
            { label: 'No-shows', value: s.noShowRate.value, text: formatPercent(s.noShowRate.value, 1) },
            { label: 'Cancellations', value: s.cancellationRate.value, text: formatPercent(s.cancellationRate.value, 1) },
          ]}
        />
        <details className="details-toggle">
          <summary>How are these calculated?</summary>
          <p className="small">{f.returningClientShare}</p>
          <p className="small">{f.rebookingRate}</p>
          <p className="small">{f.chairUtilization}</p>
          <p className="small">{f.noShowRate}</p>
          <p className="small">{f.cancellationRate}</p>
        </details>
      </section>
      <section className="card">
        <h2 className="card__title">Six-figure run-rate per barber</h2>
        {runRates.length === 0 ? (
          <p className="muted">No barbers in this period.</p>
        ) : (
          <MeterList title="Annualized revenue per barber against the goal" items={runRates} max={maxRun} tone="accent" targetLabel={GOAL_LABEL(currencies)} />
        )}
        <details className="details-toggle">
          <summary>How is this calculated?</summary>
          <p className="small">{f.runRate}</p>
          <p className="small">{f.goalProgress}</p>
        </details>
      </section>
      <section className="card">
        <h2 className="card__title">Chair utilization per barber</h2>
        <MeterList
          title="Chair utilization per barber"
          tone="success"
          items={barbers.map(({ barber, location }) => ({
            label: who(barber.name, location.id),
            value: barber.chairUtilization.value,
            text: formatPercent(barber.chairUtilization.value),
          }))}
        />
        <details className="details-toggle">
          <summary>How is this calculated?</summary>
          <p className="small">{f.chairUtilization}</p>
        </details>
      </section>
    </div>
  );
}
