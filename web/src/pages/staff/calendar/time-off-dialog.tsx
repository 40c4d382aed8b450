import { useState } from 'react';
import type { FormEvent } from 'react';
import { shopApi } from '../../../api/staff-api.js';
import type { Barber, TimeOff } from '../../../api/types.js';
import { Dialog } from '../../../ui/dialog.js';
import { SelectField, TextField } from '../../../ui/field.js';
import { Notice, ProblemAlert } from '../../../ui/problem-alert.js';
import { fieldError } from '../../../ui/problem-text.js';
import { Button } from '../../../ui/status.js';
import { formatDate } from '../../../time/local-date.js';
import { formatClock, minutesOf, wallDate, wallTime, wallToInstant } from '../../../time/zone-time.js';

interface AddProps {
  readonly franchiseId: string;
  readonly timezone: string;
  readonly barbers: readonly Barber[];
  readonly date: string;
  readonly onSaved: () => void;
  readonly onClose: () => void;
}

/** Block a barber's time (a break, a doctor's visit, a day off); booked clients inside it are kept and counted. */
export function AddTimeOffDialog({ franchiseId, timezone, barbers, date, onSaved, onClose }: AddProps) {
  const [barberId, setBarberId] = useState(barbers[0]?.id ?? '');
  const [day, setDay] = useState(date);
  const [endDay, setEndDay] = useState(date);
  const [from, setFrom] = useState('12:00');
  const [until, setUntil] = useState('13:00');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const [conflicts, setConflicts] = useState<number>();
  const [local, setLocal] = useState<string>();

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (endDay < day || (endDay === day && minutesOf(until) <= minutesOf(from))) {
      setLocal('The end must be after the start.');
      return;
    }
    setLocal(undefined);
    setBusy(true);
    setProblem(undefined);
    try {
      const created = await shopApi.addTimeOff(franchiseId, barberId, {
        start: wallToInstant(day, from, timezone),
        end: wallToInstant(endDay, until, timezone),
        ...(reason.trim() && { reason: reason.trim() }),
      });
      onSaved();
      if (created.conflictingAppointments > 0) setConflicts(created.conflictingAppointments);
      else onClose();
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  if (conflicts !== undefined) {
    return (
      <Dialog title="Time off saved" onClose={onClose}>
        <Notice tone="warning" title={`${conflicts} appointment${conflicts === 1 ? ' falls' : 's fall'} inside this time.`}>
          <p>They are kept. Contact {conflicts === 1 ? 'that client' : 'those clients'} to move or cancel.</p>
        </Notice>
        <Button onClick={onClose}>OK</Button>
      </Dialog>
    );
  }
  return (
    <Dialog title="Block time off" onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <SelectField label="Barber" value={barberId} onChange={(event) => setBarberId(event.target.value)}>
          {barbers.map((barber) => (
            <option key={barber.id} value={barber.id}>
              {barber.name}
            </option>
          ))}
        </SelectField>
        <div className="grid-2">
          <TextField label="From day" type="date" value={day} onChange={(event) => { setDay(event.target.value); if (endDay < event.target.value) setEndDay(event.target.value); }} />
          <TextField label="From time" type="time" value={from} onChange={(event) => setFrom(event.target.value)} error={fieldError(problem, 'start')} />
        </div>
        <div className="grid-2">
          <TextField label="Until day" type="date" value={endDay} min={day} onChange={(event) => setEndDay(event.target.value)} />
          <TextField label="Until time" type="time" value={until} onChange={(event) => setUntil(event.target.value)} error={local ?? fieldError(problem, 'end')} />
        </div>
        <TextField label="Reason" optional value={reason} onChange={(event) => setReason(event.target.value)} placeholder="Lunch, training, holiday…" error={fieldError(problem, 'reason')} />
        <p className="small muted">Times are the shop's ({timezone.replace(/_/g, ' ')}). Clients cannot book inside this time.</p>
        <ProblemAlert error={problem} shownPaths={['start', 'end', 'reason']} />
        <Button type="submit" busy={busy} disabled={!barberId}>
          Block this time
        </Button>
      </form>
    </Dialog>
  );
}

interface ShowProps {
  readonly franchiseId: string;
  readonly timeOff: TimeOff;
  readonly barber: Barber | undefined;
  readonly onRemoved: () => void;
  readonly onClose: () => void;
}

export function TimeOffDialog({ franchiseId, timeOff, barber, onRemoved, onClose }: ShowProps) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const remove = async (): Promise<void> => {
    setBusy(true);
    try {
      await shopApi.removeTimeOff(franchiseId, timeOff.barberId, timeOff.id);
      onRemoved();
      onClose();
    } catch (error) {
      setProblem(error);
      setBusy(false);
    }
  };
  const sameDay = wallDate(timeOff.start) === wallDate(timeOff.end);
  return (
    <Dialog title={`Time off${barber ? ` · ${barber.name}` : ''}`} onClose={onClose}>
      <p>
        {formatDate(wallDate(timeOff.start))} {formatClock(wallTime(timeOff.start))} – {sameDay ? '' : `${formatDate(wallDate(timeOff.end))} `}
        {formatClock(wallTime(timeOff.end))}
      </p>
      {timeOff.reason && <p className="muted">{timeOff.reason}</p>}
      <ProblemAlert error={problem} />
      <Button variant="danger" busy={busy} onClick={() => void remove()}>
        Remove time off
      </Button>
    </Dialog>
  );
}
