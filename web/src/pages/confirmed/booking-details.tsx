import type { Booking, LocationPage } from '../../api/types.js';
import { formatDuration, formatMoney } from '../../time/money.js';
import { minutesOf, wallTime } from '../../time/zone-time.js';
import { addressLines } from '../book/shop-info.js';
import { slotLabel } from '../book/review-step.js';

/** What, who, when and where of one booking. */
export function BookingDetails({ booking, location }: { readonly booking: Booking; readonly location: LocationPage | undefined }) {
  const minutes = minutesOf(wallTime(booking.end)) - minutesOf(wallTime(booking.start));
  const address = addressLines(location?.address ?? null).join(', ');
  return (
    <dl className="summary-list">
      <div>
        <dt>Service</dt>
        <dd>
          {booking.serviceName}
          {minutes > 0 && ` · ${formatDuration(minutes)}`} · {formatMoney(booking.priceCents, booking.currency)}
        </dd>
      </div>
      <div>
        <dt>Barber</dt>
        <dd>{booking.barberName}</dd>
      </div>
      <div>
        <dt>When</dt>
        <dd>{slotLabel(booking.start, booking.timezone)}</dd>
      </div>
      <div>
        <dt>Where</dt>
        <dd>
          {booking.locationName}
          {address && <span className="muted"> · {address}</span>}
        </dd>
      </div>
      {booking.depositCents > 0 && (
        <div>
          <dt>Deposit</dt>
          <dd>{formatMoney(booking.depositCents, booking.currency)}</dd>
        </div>
      )}
    </dl>
  );
}
