import type { AnalyticsReport, LocationMetrics } from '../../../api/types.js';
import { formatCount, formatMoney, formatPercent } from '../../../time/money.js';
import { MeterList } from './charts/meter-list.js';
import { moneyList } from './numbers-format.js';

type Figures = Omit<NonNullable<LocationMetrics['previous']>, never>;

const ROWS: readonly { label: string; value: (location: Figures & { currency: string }) => string }[] = [
  { label: 'Revenue', value: (l) => moneyList(l.revenue, l.currency) },
  { label: 'Completed visits', value: (l) => formatCount(l.appointments.completed) },
  { label: 'Average ticket', value: (l) => (l.averageTicket[0]?.value != null ? formatMoney(l.averageTicket[0].value, l.averageTicket[0].currency) : '—') },
  { label: 'Returning clients', value: (l) => formatPercent(l.returningClientShare.value) },
  { label: 'Rebooking rate', value: (l) => formatPercent(l.rebookingRate.value) },
  { label: 'No-show rate', value: (l) => formatPercent(l.noShowRate.value, 1) },
  { label: 'Cancellation rate', value: (l) => formatPercent(l.cancellationRate.value, 1) },
  { label: 'Chair utilization', value: (l) => formatPercent(l.chairUtilization.value) },
];

/** Locations side by side: a table for exact numbers, bars for "who is ahead". */
export function LocationCompare({ report }: { readonly report: AnalyticsReport }) {
  const { locations } = report;
  const currencies = new Set([...locations].sort((a, b) => a.currency.localeCompare(b.currency)).map((location) => location.currency));
  const revenueOf = (location: LocationMetrics): number => location.revenue.find((amount) => amount.currency === location.currency)?.cents ?? 0;
  return (
    <section className="card">
      <h2 className="card__title">Locations side by side</h2>
      <div className="table-scroll">
        <table className="table compare-table">
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Number</span>
              </th>
              {locations.map((location) => (
                <th key={location.id} scope="col">
                  {location.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ROWS.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                {locations.map((location) => (
                  <td key={location.id}>
                    {row.value(location)}
                    {location.previous && <span className="compare-table__previous small muted">before: {row.value({ ...location.previous, currency: location.currency })}</span>}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {/* One scale per currency: £ and $ bars are never measured against each other. */}
      {[...currencies].map((currency) => {
        const group = locations.filter((location) => location.currency === currency);
        const max = Math.max(1, ...group.map(revenueOf));
        return (
          <div key={currency}>
            <h3 className="numbers__subheading">Revenue{currencies.size > 1 ? `, ${currency} shops` : ''}</h3>
            <MeterList
              title={`Revenue per location, ${currency}`}
              items={group.map((location) => ({ label: location.name, value: revenueOf(location) / max, text: formatMoney(revenueOf(location), location.currency, { compact: true }) }))}
            />
          </div>
        );
      })}
      <h3 className="numbers__subheading">Rebooking rate</h3>
      <MeterList title="Rebooking rate per location" tone="success" items={locations.map((location) => ({ label: location.name, value: location.rebookingRate.value, text: formatPercent(location.rebookingRate.value) }))} />
    </section>
  );
}
