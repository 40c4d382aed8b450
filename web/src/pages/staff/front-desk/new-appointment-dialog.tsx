import { useRef, useState } from 'react';
import { shopApi } from '../../../api/staff-api.js';
import type { Appointment, Barber, SeriesPreview, ShopService } from '../../../api/types.js';
import { Dialog } from '../../../ui/dialog.js';
import { SelectField, TextField } from '../../../ui/field.js';
import { ProblemAlert } from '../../../ui/problem-alert.js';
import { Button } from '../../../ui/status.js';
import { useSubmit } from '../../../ui/use-submit.js';
import { formatDate } from '../../../time/local-date.js';
import { formatClock, wallDate, wallTime, wallToInstant } from '../../../time/zone-time.js';
import { ClientPicker } from './client-picker.js';
import type { ClientChoice } from './client-picker.js';
import './front-desk.css';

interface Props {
  readonly franchiseId: string;
  readonly locationId: string;
  readonly timezone: string;
  readonly barbers: readonly Barber[];
  readonly services: readonly ShopService[];
  readonly date: string;
  /** The column and time tapped, when the dialog was opened from the calendar. */
  readonly barberId?: string | undefined;
  readonly time?: string | undefined;
  readonly onSaved: (appointments: readonly Appointment[]) => void;
  readonly onClose: () => void;
}

/**
 * A phone or desk booking. Staff may pick any minute, inside the minimum notice
 * too; the server still refuses working-hours misses, time off and overlaps.
 * With "repeat", the occurrences are previewed with their conflicts first.
 */
export function NewAppointmentDialog({ franchiseId, locationId, timezone, barbers, services, date: initialDate, barberId: initialBarber, time: initialTime, onSaved, onClose }: Props) {
  const active = services.filter((service) => service.isActive);
  const [serviceId, setServiceId] = useState(active[0]?.id ?? '');
  const [barberId, setBarberId] = useState(initialBarber ?? barbers[0]?.id ?? '');
  const [date, setDate] = useState(initialDate);
  const [time, setTime] = useState(initialTime ?? '09:00');
  const [client, setClient] = useState<ClientChoice>();
  const [repeat, setRepeat] = useState(false);
  const [everyWeeks, setEveryWeeks] = useState(2);
  const [count, setCount] = useState(6);
  const [preview, setPreview] = useState<SeriesPreview>();
  const submit = useSubmit();
  // One key per dialog: a double click or a retry after a lost answer books once.
  const key = useRef(crypto.randomUUID());

  const base = { locationId, serviceId, barberId, start: wallToInstant(date, time, timezone) };
  const series = { ...base, everyWeeks, count, ...client };
  const conflicts = preview?.occurrences.filter((item) => item.conflict !== null).length ?? 0;
  const ready = serviceId !== '' && barberId !== '' && client !== undefined;

  const save = (onConflict?: 'skip'): Promise<void> =>
    submit.run(async () => {
      if (!client) return;
      if (!repeat) {
        onSaved([await shopApi.book(franchiseId, { ...base, ...client }, key.current)]);
        return;
      }
      const result = await shopApi.createSeries(franchiseId, { ...series, ...(onConflict && { onConflict }) });
      onSaved(result.appointments);
    });

  return (
    <Dialog title="New appointment" onClose={onClose}>
      <form
        className="stack front-desk-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (repeat && !preview) void submit.run(async () => setPreview(await shopApi.previewSeries(franchiseId, series)));
          else void save();
        }}
      >
        <SelectField label="Service" value={serviceId} onChange={(event) => setServiceId(event.target.value)}>
          {active.map((service) => (
            <option key={service.id} value={service.id}>
              {service.name} · {service.durationMinutes} min
            </option>
          ))}
        </SelectField>
        <SelectField label="Barber" value={barberId} onChange={(event) => setBarberId(event.target.value)}>
          {barbers.map((barber) => (
            <option key={barber.id} value={barber.id}>
              {barber.name}
            </option>
          ))}
        </SelectField>
        <div className="front-desk-form__row">
          <TextField label="Date" type="date" value={date} required onChange={(event) => (setDate(event.target.value), setPreview(undefined))} />
          <TextField label="Time" type="time" step={60} value={time} required onChange={(event) => (setTime(event.target.value), setPreview(undefined))} hint="Any minute, inside the notice too" />
        </div>
        <ClientPicker franchiseId={franchiseId} onChange={setClient} />
        <label className="checkbox">
          <input type="checkbox" checked={repeat} onChange={(event) => (setRepeat(event.target.checked), setPreview(undefined))} />
          Repeat
        </label>
        {repeat && (
          <div className="front-desk-form__row">
            <TextField label="Every … weeks" type="number" min={1} max={12} value={everyWeeks} onChange={(event) => (setEveryWeeks(Number(event.target.value)), setPreview(undefined))} />
            <TextField label="Times" type="number" min={2} max={52} value={count} onChange={(event) => (setCount(Number(event.target.value)), setPreview(undefined))} />
          </div>
        )}
        {preview && (
          <div className="series-preview">
            <p className="small">
              {conflicts === 0 ? `All ${preview.occurrences.length} are free.` : `${conflicts} of ${preview.occurrences.length} cannot be booked:`}
            </p>
            <ul aria-label="Occurrences">
              {preview.occurrences.map((item) => (
                <li key={item.start} className={item.conflict ? 'series-preview__conflict' : undefined}>
                  {formatDate(wallDate(item.start))} {formatClock(wallTime(item.start))}
                  {item.conflict && <span className="small"> — {item.conflict}</span>}
                </li>
              ))}
            </ul>
          </div>
        )}
        <ProblemAlert error={submit.problem} />
        <div className="button-row">
          {repeat && preview && conflicts > 0 ? (
            <Button busy={submit.busy} disabled={!ready || conflicts === preview.occurrences.length} onClick={() => void save('skip')}>
              Book the {preview.occurrences.length - conflicts} free ones
            </Button>
          ) : (
            <Button type="submit" busy={submit.busy} disabled={!ready}>
              {repeat && !preview ? 'Check the dates' : repeat ? `Book all ${preview?.occurrences.length ?? ''}` : 'Book'}
            </Button>
          )}
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
