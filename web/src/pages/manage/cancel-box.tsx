import { useState } from 'react';
import { publicApi } from '../../api/public-api.js';
import type { Booking, LocationPage } from '../../api/types.js';
import { ProblemAlert } from '../../ui/problem-alert.js';
import { isProblem } from '../../ui/problem-text.js';
import { Button } from '../../ui/status.js';
import { useSubmit } from '../../ui/use-submit.js';
import { WindowClosed } from './window-closed.js';

interface Props {
  readonly token: string;
  readonly booking: Booking;
  readonly location: LocationPage | undefined;
  readonly onCancelled: (booking: Booking) => void;
}

/** Cancel asks once more before it acts: a mis-tap on a phone should not lose a haircut. */
export function CancelBox({ token, booking, location, onCancelled }: Props) {
  const [confirming, setConfirming] = useState(false);
  const { busy, problem, run } = useSubmit();

  const cancel = (): Promise<void> => run(async () => onCancelled(await publicApi.cancel(token)));

  if (isProblem(problem, 'CancellationWindowPassed')) return <WindowClosed booking={booking} location={location} />;
  if (!confirming) {
    return (
      <Button variant="danger" onClick={() => setConfirming(true)}>
        Cancel booking
      </Button>
    );
  }
  return (
    <div className="cancel-box" role="group" aria-labelledby="cancel-question">
      <p id="cancel-question" className="cancel-box__question">
        Cancel your {booking.serviceName} with {booking.barberName}?
      </p>
      <ProblemAlert error={problem} />
      <div className="button-row">
        <Button variant="danger" busy={busy} onClick={() => void cancel()} autoFocus>
          Yes, cancel it
        </Button>
        <Button variant="secondary" onClick={() => setConfirming(false)} disabled={busy}>
          Keep my booking
        </Button>
      </div>
    </div>
  );
}
