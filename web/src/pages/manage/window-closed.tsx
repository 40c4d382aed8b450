import type { Booking, LocationPage } from '../../api/types.js';
import { Notice } from '../../ui/problem-alert.js';
import { slotLabel } from '../book/review-step.js';

/** Why the buttons are gone: the shop's cancellation window has passed. */
export function WindowClosed({ booking, location }: { readonly booking: Booking; readonly location: LocationPage | undefined }) {
  const hours = location?.policy.cancellationWindowHours;
  return (
    <Notice tone="warning" title="This booking can no longer be changed online.">
      <p>
        {hours !== undefined && hours > 0
          ? `${booking.locationName} takes cancellations and changes online until ${hours} hours before the visit; that was ${slotLabel(booking.cancellableUntil, booking.timezone)}.`
          : `Online changes closed at ${slotLabel(booking.cancellableUntil, booking.timezone)}.`}{' '}
        If you cannot make it, please contact the shop directly.
      </p>
    </Notice>
  );
}
