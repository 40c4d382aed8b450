import { useState } from 'react';
import { publicApi } from '../../api/public-api.js';
import type { Booking, LocationPage } from '../../api/types.js';
import { Link, useTitle } from '../../router/router.js';
import { Notice, ProblemAlert } from '../../ui/problem-alert.js';
import { Button, SkeletonLines } from '../../ui/status.js';
import { useAsync } from '../../ui/use-async.js';
import { BookingDetails } from '../confirmed/booking-details.js';
import { NotFoundPage } from '../not-found/not-found-page.js';
import { CancelBox } from './cancel-box.js';
import { RescheduleBox } from './reschedule-box.js';
import { WindowClosed } from './window-closed.js';
import '../confirmed/confirmed.css';
import './manage.css';

interface Loaded {
  readonly booking: Booking;
  readonly location: LocationPage | undefined;
}

/** /manage/{token}: the client's own booking — cancel or move it while the shop's window allows. */
export function ManagePage({ token }: { readonly token: string }) {
  useTitle('Your booking');
  const { state, reload, set } = useAsync<Loaded>(async (signal) => {
    const booking = await publicApi.booking(token, signal);
    const location = await publicApi.location(booking.locationSlug, signal).catch(() => undefined);
    return { booking, location };
  }, [token]);
  const [done, setDone] = useState<'cancelled' | 'moved' | undefined>();
  const [mode, setMode] = useState<'view' | 'reschedule'>('view');

  if (state.status === 'error' && (state.error as { status?: number }).status === 404) return <NotFoundPage what="booking" />;
  if (!state.data) {
    return (
      <div className="container narrow">
        {state.status === 'error' ? (
          <ProblemAlert error={state.error} title="We could not load your booking.">
            <Button variant="secondary" small onClick={() => void reload()}>
              Try again
            </Button>
          </ProblemAlert>
        ) : (
          <div className="card">
            <SkeletonLines lines={7} />
          </div>
        )}
      </div>
    );
  }

  const { booking, location } = state.data;
  const update = (next: Booking, what: 'cancelled' | 'moved'): void => {
    set({ booking: next, location });
    setDone(what);
    setMode('view');
  };
  const open = booking.status === 'booked' && Date.now() < new Date(booking.cancellableUntil).getTime();

  return (
    <div className="container narrow">
      <article className="card">
        <div className="manage__header">
          <h1 className="confirmation__title">Your booking</h1>
          <span className={`badge badge--${booking.status}`}>{STATUS_WORDS[booking.status]}</span>
        </div>
        {done === 'cancelled' && (
          <Notice tone="success" title="Your booking is cancelled.">
            <p>The time is free again. We hope to see you another day.</p>
          </Notice>
        )}
        {done === 'moved' && (
          <Notice tone="success" title="Your booking is moved.">
            <p>The new time is below. Your manage link stays the same.</p>
          </Notice>
        )}
        <BookingDetails booking={booking} location={location} />

        {booking.status === 'booked' && !open && <WindowClosed booking={booking} location={location} />}
        {booking.status === 'booked' && open && mode === 'view' && (
          <div className="manage__actions">
            <Button variant="secondary" onClick={() => setMode('reschedule')}>
              Reschedule
            </Button>
            <CancelBox token={token} booking={booking} location={location} onCancelled={(next) => update(next, 'cancelled')} />
          </div>
        )}
        {booking.status === 'booked' && open && mode === 'reschedule' && (
          <RescheduleBox token={token} booking={booking} location={location} onMoved={(next) => update(next, 'moved')} onClose={() => setMode('view')} />
        )}
        {booking.status === 'cancelled' && (
          <p>
            <Link className="button" to={`/book/${booking.locationSlug}`}>
              Book a new time
            </Link>
          </p>
        )}
      </article>
    </div>
  );
}

const STATUS_WORDS: Readonly<Record<Booking['status'], string>> = {
  booked: 'Booked',
  checked_in: 'Checked in',
  completed: 'Completed',
  cancelled: 'Cancelled',
  no_show: 'Missed',
};

