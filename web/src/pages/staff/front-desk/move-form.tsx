import { useState } from 'react';
import { shopApi } from '../../../api/staff-api.js';
import type { Appointment, Barber } from '../../../api/types.js';
import { SelectField, TextField } from '../../../ui/field.js';
import { ProblemAlert } from '../../../ui/problem-alert.js';
import { Button } from '../../../ui/status.js';
import { useSubmit } from '../../../ui/use-submit.js';
import { wallDate, wallTime, wallToInstant } from '../../../time/zone-time.js';
import './front-desk.css';

interface Props {
  readonly franchiseId: string;
  readonly appointment: Appointment;
  readonly barbers: readonly Barber[];
  readonly onMoved: (appointment: Appointment) => void;
  readonly onCancel: () => void;
}

/** The move on a phone (no dragging there): a date, a time, a barber; one atomic update on the server. */
export function MoveForm({ franchiseId, appointment, barbers, onMoved, onCancel }: Props) {
  const [date, setDate] = useState(wallDate(appointment.start));
  const [time, setTime] = useState(wallTime(appointment.start));
  const [barberId, setBarberId] = useState(appointment.barberId);
  const submit = useSubmit();
  return (
    <form
      className="stack front-desk-form move-form"
      aria-label="Move the appointment"
      onSubmit={(event) => {
        event.preventDefault();
        void submit.run(async () => onMoved(await shopApi.move(franchiseId, appointment.id, { start: wallToInstant(date, time, appointment.timezone), barberId })));
      }}
    >
      <div className="front-desk-form__row">
        <TextField label="New date" type="date" value={date} required onChange={(event) => setDate(event.target.value)} />
        <TextField label="New time" type="time" step={60} value={time} required onChange={(event) => setTime(event.target.value)} />
      </div>
      <SelectField label="Barber" value={barberId} onChange={(event) => setBarberId(event.target.value)}>
        {barbers.map((barber) => (
          <option key={barber.id} value={barber.id}>
            {barber.name}
          </option>
        ))}
      </SelectField>
      <ProblemAlert error={submit.problem} />
      <div className="button-row">
        <Button type="submit" busy={submit.busy}>
          Move
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Keep it
        </Button>
      </div>
    </form>
  );
}
