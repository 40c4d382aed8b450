import { useState } from 'react';
import { shopApi } from '../../../api/staff-api.js';
import type { Appointment, AppointmentStatus } from '../../../api/types.js';
import { Dialog } from '../../../ui/dialog.js';
import { ProblemAlert } from '../../../ui/problem-alert.js';
import { Button } from '../../../ui/status.js';
import { formatDate } from '../../../time/local-date.js';
import { formatMoney } from '../../../time/money.js';
import { formatClock, wallDate, wallTime } from '../../../time/zone-time.js';
import { STATUS_LABEL } from './calendar-model.js';
import { AppointmentMessages } from '../messages/appointment-messages.js';

/** What the server allows next from each status (appointments.schemas: booked → checked_in → completed …). */
const NEXT: Readonly<Record<AppointmentStatus, readonly { status: AppointmentStatus; label: string; variant: 'primary' | 'secondary' | 'danger' }[]>> = {
  booked: [
    { status: 'checked_in', label: 'Check in', variant: 'primary' },
    { status: 'no_show', label: 'No-show', variant: 'secondary' },
    { status: 'cancelled', label: 'Cancel', variant: 'danger' },
  ],
  checked_in: [
    { status: 'completed', label: 'Completed', variant: 'primary' },
    { status: 'no_show', label: 'No-show', variant: 'secondary' },
    { status: 'cancelled', label: 'Cancel', variant: 'danger' },
  ],
  completed: [],
  cancelled: [],
  no_show: [],
};

/** True when the name or phone given with the booking is not what the client record says. */
function differs({ client, bookedAs }: Appointment): boolean {
  return bookedAs !== null && (bookedAs.name !== client.name || (bookedAs.phone !== null && bookedAs.phone !== client.phone));
}

interface Props {
  readonly franchiseId: string;
  readonly appointment: Appointment;
  readonly onChanged: (appointment: Appointment) => void;
  readonly onClose: () => void;
}

export function AppointmentDialog({ franchiseId, appointment, onChanged, onClose }: Props) {
  const [busy, setBusy] = useState<AppointmentStatus>();
  const [problem, setProblem] = useState<unknown>();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const change = async (status: AppointmentStatus): Promise<void> => {
    setConfirmCancel(false);
    setBusy(status);
    setProblem(undefined);
    try {
      onChanged(await shopApi.setStatus(franchiseId, appointment.id, status));
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(undefined);
    }
  };
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
        {appointment.notes && (
          <div>
            <dt>Notes</dt>
            <dd>{appointment.notes}</dd>
          </div>
        )}
        <div>
          <dt>Booked</dt>
          <dd className="muted">
            {appointment.source === 'online' ? 'Online' : appointment.source}, {formatDate(wallDate(appointment.createdAt))} {formatClock(wallTime(appointment.createdAt))}
          </dd>
        </div>
      </dl>
      <AppointmentMessages franchiseId={franchiseId} appointmentId={appointment.id} />
      <ProblemAlert error={problem} />
      {confirmCancel ? (
        <div className="cancel-box" role="group" aria-label="Confirm cancellation">
          <p className="cancel-box__question">Cancel {client.name}'s {appointment.service.name}? The time becomes free for online booking.</p>
          <div className="button-row">
            <Button variant="danger" onClick={() => void change('cancelled')} autoFocus>
              Yes, cancel it
            </Button>
            <Button variant="secondary" onClick={() => setConfirmCancel(false)}>
              Keep it
            </Button>
          </div>
        </div>
      ) : (
        NEXT[appointment.status].length > 0 && (
          <div className="button-row">
            {NEXT[appointment.status].map((action) => (
              <Button
                key={action.status}
                variant={action.variant}
                busy={busy === action.status}
                disabled={busy !== undefined}
                onClick={() => (action.status === 'cancelled' ? setConfirmCancel(true) : void change(action.status))}
              >
                {action.label}
              </Button>
            ))}
          </div>
        )
      )}
    </Dialog>
  );
}
