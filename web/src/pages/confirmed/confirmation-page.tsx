import { useState } from 'react';
import { publicApi } from '../../api/public-api.js';
import type { Booking, LocationPage } from '../../api/types.js';
import { Link, historyState, useTitle } from '../../router/router.js';
import { ProblemAlert } from '../../ui/problem-alert.js';
import { Button, SkeletonLines } from '../../ui/status.js';
import { useAsync } from '../../ui/use-async.js';
import { addressLines } from '../book/shop-info.js';
import { NotFoundPage } from '../not-found/not-found-page.js';
import { BookingDetails } from './booking-details.js';
import { buildIcs, downloadIcs } from './ics.js';
import './confirmed.css';

interface Loaded {
  readonly booking: Booking;
  readonly location: LocationPage | undefined;
}

/** After booking: the details, an .ics file, and the link to cancel or move the visit. */
export function ConfirmationPage({ token }: { readonly token: string }) {
  useTitle('You are booked');
  const { state, reload } = useAsync<Loaded>(async (signal) => {
    // The booking flow hands its answer over, so the page shows at once; a reload fetches it.
    const handed = historyState<{ booking?: Booking }>()?.booking;
    const booking = handed?.manageToken === token ? handed : await publicApi.booking(token, signal);
    const location = await publicApi.location(booking.locationSlug, signal).catch(() => undefined);
    return { booking, location };
  }, [token]);

  if (state.status === 'error' && (state.error as { status?: number }).status === 404) return <NotFoundPage what="booking" />;
  return (
    <div className="container narrow">
      {state.status === 'error' && (
        <ProblemAlert error={state.error} title="We could not load your booking.">
          <Button variant="secondary" small onClick={() => void reload()}>
            Try again
          </Button>
        </ProblemAlert>
      )}
      {state.data ? <Confirmation {...state.data} token={token} /> : state.status === 'loading' && <div className="card"><SkeletonLines lines={6} /></div>}
    </div>
  );
}

function Confirmation({ booking, location, token }: Loaded & { readonly token: string }) {
  const manageUrl = `${window.location.origin}/manage/${encodeURIComponent(token)}`;
  const [copied, setCopied] = useState(false);
  const cancelled = booking.status === 'cancelled';

  const addToCalendar = (): void => {
    const where = [booking.locationName, ...addressLines(location?.address ?? null)].join(', ');
    const ics = buildIcs({
      uid: booking.id,
      start: booking.start,
      end: booking.end,
      summary: `${booking.serviceName} with ${booking.barberName} at ${booking.locationName}`,
      location: where,
      description: `Cancel or move this booking: ${manageUrl}`,
      url: manageUrl,
    });
    downloadIcs(`booking-${booking.start.slice(0, 10)}.ics`, ics);
  };

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(manageUrl);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <article className="card confirmation">
      <div className="confirmation__icon" aria-hidden="true">
        {cancelled ? '✕' : '✓'}
      </div>
      <h1 className="confirmation__title">{cancelled ? 'This booking was cancelled' : 'You are booked!'}</h1>
      <p className="muted">{cancelled ? 'The time is free again for others.' : `See you at ${booking.locationName}.`}</p>
      <BookingDetails booking={booking} location={location} />
      {!cancelled && (
        <div className="button-row confirmation__actions">
          <Button onClick={addToCalendar}>Add to calendar (.ics)</Button>
          <Link className="button button--secondary" to={`/manage/${encodeURIComponent(token)}`}>
            Cancel or reschedule
          </Link>
        </div>
      )}
      <div className="manage-link">
        <label htmlFor="manage-url" className="field__label">
          Your manage link
        </label>
        <p className="small muted">Keep it: it lets you cancel or move this booking. Anyone with the link can do that, so do not share it.</p>
        <div className="manage-link__row">
          <input id="manage-url" className="input" readOnly value={manageUrl} onFocus={(event) => event.target.select()} />
          <Button variant="secondary" onClick={() => void copy()}>
            {copied ? 'Copied' : 'Copy'}
          </Button>
        </div>
        <span className="visually-hidden" role="status">
          {copied ? 'Link copied' : ''}
        </span>
      </div>
      <p className="small">
        <Link to={`/book/${booking.locationSlug}`}>Book another visit at {booking.locationName}</Link>
      </p>
    </article>
  );
}
