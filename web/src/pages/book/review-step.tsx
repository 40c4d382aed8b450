import type { BarberItem, LocationPage, ServiceItem, Slot } from '../../api/types.js';
import { ApiProblem } from '../../api/http.js';
import { ProblemAlert } from '../../ui/problem-alert.js';
import { isProblem } from '../../ui/problem-text.js';
import { Button } from '../../ui/status.js';
import { formatDate } from '../../time/local-date.js';
import { formatDuration, formatMoney } from '../../time/money.js';
import { clockInVisitorZone, formatClock, offsetMinutes, visitorZone, wallDate, wallTime } from '../../time/zone-time.js';
import type { ClientDetails } from './booking-state.js';

interface Props {
  readonly location: LocationPage;
  readonly service: ServiceItem;
  readonly barber: BarberItem | undefined;
  readonly slot: Slot;
  readonly details: ClientDetails;
  readonly busy: boolean;
  readonly problem: unknown;
  readonly onConfirm: () => void;
  readonly onPickAlternative: (slot: Slot) => void;
  readonly onPickOtherTime: () => void;
}

export function slotLabel(start: string, timeZone: string): string {
  const local = `${formatDate(wallDate(start), 'long')} at ${formatClock(wallTime(start))}`;
  const mine = visitorZone();
  const at = new Date(start);
  if (mine === timeZone || offsetMinutes(mine, at) === offsetMinutes(timeZone, at)) return local;
  return `${local} shop time (${clockInVisitorZone(start)} your time)`;
}

/** Everything once more, the policy, and one button. A lost race shows the next free times right here. */
export function ReviewStep({ location, service, barber, slot, details, busy, problem, onConfirm, onPickAlternative, onPickOtherTime }: Props) {
  const taken = isProblem(problem, 'SlotUnavailable');
  const alternatives = taken && problem instanceof ApiProblem ? ((problem.body.alternatives as Slot[] | undefined) ?? []) : [];
  const hours = location.policy.cancellationWindowHours;
  const insideWindow = new Date(slot.start).getTime() - Date.now() < hours * 3_600_000;
  return (
    <div className="review">
      <dl className="summary-list">
        <div>
          <dt>Service</dt>
          <dd>
            {service.name} · {formatDuration(service.durationMinutes)} · {formatMoney(service.priceCents, location.currency)}
          </dd>
        </div>
        <div>
          <dt>Barber</dt>
          <dd>{barber ? barber.name : 'Anyone free at that time'}</dd>
        </div>
        <div>
          <dt>When</dt>
          <dd>{slotLabel(slot.start, location.timezone)}</dd>
        </div>
        <div>
          <dt>Your details</dt>
          <dd>
            {details.name} · {details.email}
            {details.phone && ` · ${details.phone}`}
          </dd>
        </div>
        {service.depositCents > 0 && (
          <div>
            <dt>Deposit</dt>
            <dd>{formatMoney(service.depositCents, location.currency)} of the price is a deposit.</dd>
          </div>
        )}
      </dl>
      <p className="small muted">
        {hours === 0
          ? 'You can cancel or move this booking online until it starts.'
          : insideWindow
            ? `This visit is less than ${hours} hours away, so it cannot be cancelled or moved online once booked; please call the shop if plans change.`
            : `You can cancel or move this booking online until ${hours} hours before it starts.`}
      </p>

      {taken ? (
        <div className="alert alert--warning" role="alert">
          <div>
            <p className="alert__title">Sorry, that time was just taken.</p>
            <p>Someone booked {formatClock(wallTime(slot.start))} a moment before you. {alternatives.length > 0 ? 'These times are still free:' : 'Please pick another time.'}</p>
            {alternatives.length > 0 && (
              <div className="slot-grid__times alternatives">
                {alternatives.map((alternative) => (
                  <button key={alternative.start} type="button" className="slot" onClick={() => onPickAlternative(alternative)}>
                    {wallDate(alternative.start) === wallDate(slot.start) ? formatClock(wallTime(alternative.start)) : `${formatDate(wallDate(alternative.start))} ${formatClock(wallTime(alternative.start))}`}
                  </button>
                ))}
              </div>
            )}
            <Button variant="ghost" small onClick={onPickOtherTime}>
              See all free times
            </Button>
          </div>
        </div>
      ) : (
        <ProblemAlert error={problem} shownPaths={['client.name', 'client.email', 'client.phone', 'notes']} focus />
      )}

      <Button block busy={busy} onClick={onConfirm} disabled={taken} className="review__confirm">
        {busy ? 'Booking…' : `Book ${service.name} for ${formatClock(wallTime(slot.start))}`}
      </Button>
    </div>
  );
}
