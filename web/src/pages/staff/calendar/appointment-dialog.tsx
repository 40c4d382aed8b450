import { useState } from 'react';
import { shopApi } from '../../../api/staff-api.js';
import type { Appointment, AppointmentStatus, Barber } from '../../../api/types.js';
import { MoveForm } from '../front-desk/move-form.js';
import { Dialog } from '../../../ui/dialog.js';
import { TextareaField } from '../../../ui/field.js';
import { ProblemAlert } from '../../../ui/problem-alert.js';
import { Button } from '../../../ui/status.js';
import { formatDate } from '../../../time/local-date.js';
import { formatMoney } from '../../../time/money.js';
import { formatClock, wallDate, wallTime } from '../../../time/zone-time.js';
import { STATUS_LABEL } from './calendar-model.js';
import { AppointmentMessages } from '../messages/appointment-messages.js';
import { useSession } from '../session.js';

type Action = Appointment['allowedActions'][number];

/**
 * How each action the API allows is shown. Which ones appear, and when, is the
 * server's decision (`allowedActions`); the page only asks for a confirmation
 * before the ones that end the visit.
 */
const ACTIONS: Readonly<Record<Action, { label: string; variant: 'primary' | 'secondary' | 'danger'; status?: AppointmentStatus; confirm?: string; yes?: string }>> = {
  check_in: { label: 'Check in', variant: 'primary', status: 'checked_in' },
  complete: { label: 'Completed', variant: 'primary', status: 'completed', confirm: 'Mark this visit completed? It counts as revenue.', yes: 'Yes, completed' },
  no_show: { label: 'No-show', variant: 'secondary', status: 'no_show', confirm: 'Mark the client as a no-show? The chair becomes free.', yes: 'Yes, no-show' },
  cancel: { label: 'Cancel', variant: 'danger', status: 'cancelled', confirm: 'Cancel this appointment? The time becomes free for online booking.', yes: 'Yes, cancel it' },
  undo: { label: 'Undo', variant: 'secondary' },
};

const SOURCE_LABEL: Readonly<Record<string, string>> = { online: 'Online', staff: 'By staff', walk_in: 'Walk-in', import: 'Imported' };

/** True when the name or phone given with the booking is not what the client record says. */
function differs({ client, bookedAs }: Appointment): boolean {
  return bookedAs !== null && (bookedAs.name !== client.name || (bookedAs.phone !== null && bookedAs.phone !== client.phone));
}

interface Props {
  readonly franchiseId: string;
  readonly appointment: Appointment;
  readonly onChanged: (appointment: Appointment) => void;
  readonly onClose: () => void;
  /** The location's barbers, for moving a booked appointment to another column. */
  readonly barbers?: readonly Barber[];
}

export function AppointmentDialog({ franchiseId, appointment, onChanged, onClose, barbers = [] }: Props) {
  const { isManager } = useSession();
  const [moving, setMoving] = useState(false);
  const [busy, setBusy] = useState<Action>();
  const [problem, setProblem] = useState<unknown>();
  const [confirming, setConfirming] = useState<Action>();
  const [reason, setReason] = useState('');
  const run = async (action: Action): Promise<void> => {
    setConfirming(undefined);
    setBusy(action);
    setProblem(undefined);
    try {
      const status = ACTIONS[action].status;
      const next = status
        ? await shopApi.setStatus(franchiseId, appointment.id, status, action === 'cancel' ? reason.trim() || undefined : undefined)
        : await shopApi.undoStatus(franchiseId, appointment.id);
      setReason('');
      onChanged(next);
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(undefined);
    }
  };
  const press = (action: Action): void => (ACTIONS[action].confirm ? setConfirming(action) : void run(action));
  // Barbers check in, complete and mark no-shows; cancelling is the desk's (the API refuses it too).
  const forward = appointment.allowedActions.filter((action) => action !== 'undo' && (isManager || action !== 'cancel'));
  const { client } = appointment;
  return (
    <Dialog title={`${formatClock(wallTime(appointment.start))} · ${appointment.service.name}`} onClose={onClose}>
      <p>
        <span className={`badge badge--${appointment.status}`}>{STATUS_LABEL[appointment.status]}</span>
      </p>
      <dl className="summary-list">
        <div>
          <dt>When</dt>
          <dd>
            {formatDate(wallDate(appointment.start), 'long')}, {formatClock(wallTime(appointment.start))} – {formatClock(wallTime(appointment.end))}
          </dd>
        </div>
        <div>
          <dt>Barber</dt>
          <dd>{appointment.barber.name}</dd>
        </div>
        <div>
          <dt>Client</dt>
          <dd>
            {client.name}
            <br />
            <a href={`mailto:${client.email}`}>{client.email}</a>
            {client.phone && (
              <>
                <br />
                <a href={`tel:${client.phone.replace(/[^\d+]/g, '')}`}>{client.phone}</a>
              </>
            )}
          </dd>
        </div>
        {differs(appointment) && appointment.bookedAs && (
          // The client record is matched by email and never changed by an online booking: show what this booking gave.
          <div>
            <dt>Booked as</dt>
            <dd>
              {appointment.bookedAs.name}
              {appointment.bookedAs.phone && (
                <>
                  <br />
                  <a href={`tel:${appointment.bookedAs.phone.replace(/[^\d+]/g, '')}`}>{appointment.bookedAs.phone}</a>
                </>
              )}
              <br />
              <span className="muted">as given with this booking; differs from the client record</span>
            </dd>
          </div>
        )}
        <div>
          <dt>Price</dt>
          <dd>
            {formatMoney(appointment.priceCents, appointment.currency)}
            {appointment.depositCents > 0 && <span className="muted"> (deposit {formatMoney(appointment.depositCents, appointment.currency)})</span>}
          </dd>
        </div>
        {appointment.cancellationReason && (
          <div>
            <dt>Cancelled because</dt>
            <dd>{appointment.cancellationReason}</dd>
          </div>
        )}
        {appointment.notes && (
          <div>
            <dt>Notes</dt>
            <dd>{appointment.notes}</dd>
          </div>
        )}
        <div>
          <dt>Booked</dt>
          <dd className="muted">
            {SOURCE_LABEL[appointment.source] ?? appointment.source}, {formatDate(wallDate(appointment.createdAt))} {formatClock(wallTime(appointment.createdAt))}
          </dd>
        </div>
      </dl>
      <AppointmentMessages franchiseId={franchiseId} appointmentId={appointment.id} />
      <ProblemAlert error={problem} />
      {moving ? (
        <MoveForm franchiseId={franchiseId} appointment={appointment} barbers={barbers} onCancel={() => setMoving(false)} onMoved={(next) => (setMoving(false), onChanged(next))} />
      ) : confirming ? (
        <div className="cancel-box" role="group" aria-label={`Confirm: ${ACTIONS[confirming].label}`}>
          <p className="cancel-box__question">
            {client.name}, {appointment.service.name}: {ACTIONS[confirming].confirm}
          </p>
          {confirming === 'cancel' && (
            <TextareaField label="Reason" optional hint="Shown on the appointment and kept in the history." value={reason} maxLength={500} rows={2} onChange={(event) => setReason(event.target.value)} />
          )}
          <p className="small muted">If this is a mistake, the appointment offers an undo afterwards.</p>
          <div className="button-row">
            <Button variant={ACTIONS[confirming].variant === 'danger' ? 'danger' : 'primary'} onClick={() => void run(confirming)} autoFocus>
              {ACTIONS[confirming].yes}
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(undefined)}>
              Go back
            </Button>
          </div>
        </div>
      ) : (
        <>
          {forward.length > 0 && (
            <div className="button-row">
              {forward.map((action) => (
                <Button key={action} variant={ACTIONS[action].variant} busy={busy === action} disabled={busy !== undefined} onClick={() => press(action)}>
                  {ACTIONS[action].label}
                </Button>
              ))}
            </div>
          )}
          {appointment.nextActionAt && (
            <p className="small muted" data-testid="next-action">
              {appointment.status === 'booked' && !forward.includes('check_in') ? 'Check-in opens' : 'Completed and no-show open'} at {formatClock(wallTime(appointment.nextActionAt))}.
            </p>
          )}
          {appointment.allowedActions.includes('undo') && appointment.undoableUntil && appointment.undoTo && (
            <div className="undo-box">
              <p className="small">
                {STATUS_LABEL[appointment.status]} by mistake? Undo puts it back to {STATUS_LABEL[appointment.undoTo].toLowerCase()} (until{' '}
                {formatDate(wallDate(appointment.undoableUntil))} {formatClock(wallTime(appointment.undoableUntil))}).
              </p>
              <Button variant="secondary" small busy={busy === 'undo'} disabled={busy !== undefined} onClick={() => void run('undo')}>
                Undo: back to {STATUS_LABEL[appointment.undoTo].toLowerCase()}
              </Button>
            </div>
          )}
          {isManager && appointment.status === 'booked' && barbers.length > 0 && (
            <div className="button-row">
              <Button variant="secondary" disabled={busy !== undefined} onClick={() => setMoving(true)}>
                Move…
              </Button>
            </div>
          )}
        </>
      )}
    </Dialog>
  );
}
