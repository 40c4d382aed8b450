import { useState } from 'react';
import { publicApi } from '../../api/public-api.js';
import { ApiProblem } from '../../api/http.js';
import type { Booking, LocationPage, Slot } from '../../api/types.js';
import { SlotPicker } from '../../features/slot-picker/slot-picker.js';
import { ProblemAlert } from '../../ui/problem-alert.js';
import { isProblem } from '../../ui/problem-text.js';
import { Button } from '../../ui/status.js';
import { useSubmit } from '../../ui/use-submit.js';
import { formatClock, wallTime } from '../../time/zone-time.js';
import { slotLabel } from '../book/review-step.js';
import { WindowClosed } from './window-closed.js';

interface Props {
  readonly token: string;
  readonly booking: Booking;
  readonly location: LocationPage | undefined;
  readonly onMoved: (booking: Booking) => void;
  readonly onClose: () => void;
}

/** Pick a new time (same barber, or anyone) and move the booking in one step. */
export function RescheduleBox({ token, booking, location, onMoved, onClose }: Props) {
  const [anyone, setAnyone] = useState(false);
  const [slot, setSlot] = useState<Slot>();
  const { busy, problem, run, clearProblem } = useSubmit();
  const [refreshKey, setRefreshKey] = useState(0);

  if (!location) return <p className="muted">The shop's times cannot be loaded right now. Please try again later.</p>;
  const move = async (): Promise<void> => {
    if (!slot) return;
    await run(async () => {
      try {
        onMoved(await publicApi.reschedule(token, { start: slot.start, ...(anyone ? {} : { barberId: booking.barberId }) }));
      } catch (error) {
        // A taken slot: reload the times too, so the grid no longer offers it.
        if (isProblem(error, 'SlotUnavailable')) setRefreshKey((value) => value + 1);
        throw error;
      }
    });
  };
  if (isProblem(problem, 'CancellationWindowPassed')) return <WindowClosed booking={booking} location={location} />;
  const alternatives = problem instanceof ApiProblem && problem.code === 'SlotUnavailable' ? ((problem.body.alternatives as Slot[] | undefined) ?? []) : [];

  return (
    <section className="reschedule" aria-labelledby="reschedule-title">
      <h2 id="reschedule-title" className="reschedule__title">
        Pick a new time
      </h2>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={anyone}
          onChange={(event) => {
            setAnyone(event.target.checked);
            setSlot(undefined);
          }}
        />
        Any barber (not only {booking.barberName}): more times
      </label>
      <SlotPicker
        slug={booking.locationSlug}
        timezone={booking.timezone}
        serviceId={booking.serviceId}
        barberId={anyone ? undefined : booking.barberId}
        horizonDays={location.policy.horizonDays}
        selected={slot}
        onSelect={(next) => {
          setSlot(next);
          clearProblem();
        }}
        refreshKey={refreshKey}
      />
      {isProblem(problem, 'SlotUnavailable') ? (
        <div className="alert alert--warning" role="alert">
          <div>
            <p className="alert__title">Sorry, that time was just taken.</p>
            {alternatives.length > 0 && (
              <div className="slot-grid__times alternatives">
                {alternatives.map((alternative) => (
                  <button key={alternative.start} type="button" className="slot" onClick={() => { setSlot(alternative); clearProblem(); }}>
                    {formatClock(wallTime(alternative.start))}
                  </button>
                ))}
              </div>
            )}
          </div>
        </div>
      ) : (
        <ProblemAlert error={problem} />
      )}
      <div className="button-row reschedule__actions">
        <Button busy={busy} disabled={!slot} onClick={() => void move()}>
          {slot ? `Move to ${slotLabel(slot.start, booking.timezone)}` : 'Choose a new time above'}
        </Button>
        <Button variant="secondary" onClick={onClose} disabled={busy}>
          Keep the current time
        </Button>
      </div>
    </section>
  );
}
