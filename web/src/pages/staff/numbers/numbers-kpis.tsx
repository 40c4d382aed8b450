import type { AnalyticsReport } from '../../../api/types.js';
import { formatCount, formatMoney, formatPercent } from '../../../time/money.js';
import { KpiCard } from './kpi-card.js';
import { minutesText, moneyList, ratioText, workings } from './numbers-format.js';

/** The headline numbers of the period, each with its formula. */
export function NumbersKpis({ report }: { readonly report: AnalyticsReport }) {
  const { summary: s, formulas: f } = report;
  const currency = report.locations[0]?.currency ?? 'USD';
  const tickets = s.averageTicket.filter((item) => item.value !== null);
  const p = s.previous;
  const days = report.previousPeriod?.days ?? 0;
  // "Previous 30 days: 42 % (+5 pts)": each number beside the same length of time before.
  const before = (text: string, change?: string): string | undefined => (p ? `Previous ${formatCount(days)} days: ${text}${change ? ` (${change})` : ''}` : undefined);
  const rate = (now: { value: number | null }, then: { value: number | null } | undefined, digits = 0): string | undefined =>
    then ? before(formatPercent(then.value, digits), pointsChange(now.value, then.value)) : undefined;
  return (
    <div className="kpi-grid">
      <KpiCard label="Revenue" value={moneyList(s.revenue, currency)} sub={`${formatCount(s.appointments.completed)} completed visits`} formula={f.revenue} previous={p ? before(moneyList(p.revenue, currency), s.revenue.length === 1 ? relativeChange(s.revenue[0]?.cents ?? 0, p.revenue.find((r) => r.currency === s.revenue[0]?.currency)?.cents ?? 0) : undefined) : undefined} />
      <KpiCard
        label="Average ticket"
        value={tickets.length > 0 ? tickets.map((item) => formatMoney(item.value as number, item.currency)).join(' · ') : '—'}
        sub="per completed visit"
        formula={f.averageTicket}
        previous={p ? before(p.averageTicket.filter((item) => item.value !== null).map((item) => formatMoney(item.value as number, item.currency)).join(' · ') || '—') : undefined}
        workings={tickets.map((item) => `${formatMoney(item.numerator, item.currency)} ÷ ${formatCount(item.denominator)} visits`).join('; ') || undefined}
      />
      <KpiCard label="Returning clients" value={ratioText(s.returningClientShare)} sub={`${formatCount(s.returningClientShare.numerator)} of ${formatCount(s.returningClientShare.denominator)} clients`} formula={f.returningClientShare} workings={workings(s.returningClientShare)} previous={rate(s.returningClientShare, p?.returningClientShare)} />
      <KpiCard
        label="Rebooking rate"
        value={ratioText(s.rebookingRate)}
        sub={s.rebookingRate.open > 0 ? `${formatCount(s.rebookingRate.open)} visits may still rebook` : `${formatCount(s.rebookingRate.numerator)} of ${formatCount(s.rebookingRate.denominator)} visits`}
        formula={`${f.rebookingRate} ${f.rebookingOpen}`}
        workings={workings(s.rebookingRate)}
        previous={rate(s.rebookingRate, p?.rebookingRate)}
      />
      <KpiCard label="No-show rate" value={ratioText(s.noShowRate, 1)} sub={`${formatCount(s.appointments.noShow)} no-shows`} formula={f.noShowRate} workings={workings(s.noShowRate)} previous={rate(s.noShowRate, p?.noShowRate, 1)} />
      <KpiCard label="Cancellation rate" value={ratioText(s.cancellationRate, 1)} sub={`${formatCount(s.appointments.cancelled)} of ${formatCount(s.appointments.total)} appointments`} formula={f.cancellationRate} workings={workings(s.cancellationRate)} previous={rate(s.cancellationRate, p?.cancellationRate, 1)} />
      <KpiCard
        label="Chair utilization"
        value={ratioText(s.chairUtilization)}
        sub={`${minutesText(s.chairUtilization.numerator)} booked of ${minutesText(s.chairUtilization.denominator)}`}
        formula={f.chairUtilization}
        workings={workings(s.chairUtilization)}
        previous={rate(s.chairUtilization, p?.chairUtilization)}
      />
      <KpiCard
        label="Appointments"
        value={formatCount(s.appointments.total)}
        sub={`${formatCount(s.appointments.booked + s.appointments.checkedIn)} upcoming or in the chair`}
        formula={f.appointments}
        previous={p ? before(formatCount(p.appointments.total), relativeChange(s.appointments.total, p.appointments.total)) : undefined}
      />
    </div>
  );
}

/** "+12 %" / "−3 %" between two amounts; undefined when there was nothing before to compare with. */
function relativeChange(now: number, then: number): string | undefined {
  if (then === 0) return undefined;
  const change = (now - then) / then;
  return `${change >= 0 ? '+' : '−'}${formatPercent(Math.abs(change))}`;
}

/** A change between two rates in percentage points: "+5 pts". */
function pointsChange(now: number | null, then: number | null): string | undefined {
  if (now === null || then === null) return undefined;
  const points = Math.round((now - then) * 100);
  return `${points >= 0 ? '+' : '−'}${formatCount(Math.abs(points))} pts`;
}
