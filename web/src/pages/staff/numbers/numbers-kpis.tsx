import type { AnalyticsReport } from '../../../api/types.js';
import { formatMoney } from '../../../time/money.js';
import { KpiCard } from './kpi-card.js';
import { minutesText, moneyList, ratioText, workings } from './numbers-format.js';

/** The headline numbers of the period, each with its formula. */
export function NumbersKpis({ report }: { readonly report: AnalyticsReport }) {
  const { summary: s, formulas: f } = report;
  const currency = report.locations[0]?.currency ?? 'USD';
  const tickets = s.averageTicket.filter((item) => item.value !== null);
  return (
    <div className="kpi-grid">
      <KpiCard label="Revenue" value={moneyList(s.revenue, currency)} sub={`${s.appointments.completed} completed visits`} formula={f.revenue} />
      <KpiCard
        label="Average ticket"
        value={tickets.length > 0 ? tickets.map((item) => formatMoney(item.value as number, item.currency)).join(' · ') : '—'}
        sub="per completed visit"
        formula={f.averageTicket}
        workings={tickets.map((item) => `${formatMoney(item.numerator, item.currency)} ÷ ${item.denominator} visits`).join('; ') || undefined}
      />
      <KpiCard label="Returning clients" value={ratioText(s.returningClientShare)} sub={`${s.returningClientShare.numerator} of ${s.returningClientShare.denominator} clients`} formula={f.returningClientShare} workings={workings(s.returningClientShare)} />
      <KpiCard
        label="Rebooking rate"
        value={ratioText(s.rebookingRate)}
        sub={s.rebookingRate.open > 0 ? `${s.rebookingRate.open} visits may still rebook` : `${s.rebookingRate.numerator} of ${s.rebookingRate.denominator} visits`}
        formula={`${f.rebookingRate} ${f.rebookingOpen}`}
        workings={workings(s.rebookingRate)}
      />
      <KpiCard label="No-show rate" value={ratioText(s.noShowRate, 1)} sub={`${s.appointments.noShow} no-shows`} formula={f.noShowRate} workings={workings(s.noShowRate)} />
      <KpiCard label="Cancellation rate" value={ratioText(s.cancellationRate, 1)} sub={`${s.appointments.cancelled} of ${s.appointments.total} appointments`} formula={f.cancellationRate} workings={workings(s.cancellationRate)} />
      <KpiCard
        label="Chair utilization"
        value={ratioText(s.chairUtilization)}
        sub={`${minutesText(s.chairUtilization.numerator)} booked of ${minutesText(s.chairUtilization.denominator)}`}
        formula={f.chairUtilization}
        workings={workings(s.chairUtilization)}
      />
      <KpiCard
        label="Appointments"
        value={s.appointments.total.toLocaleString()}
        sub={`${s.appointments.booked + s.appointments.checkedIn} upcoming or in the chair`}
        formula={f.appointments}
      />
    </div>
  );
}
