import { useRef, useState } from 'react';
import { shopApi } from '../../../api/staff-api.js';
import type { Appointment, Barber, ShopService } from '../../../api/types.js';
import { Dialog } from '../../../ui/dialog.js';
import { SelectField } from '../../../ui/field.js';
import { ProblemAlert } from '../../../ui/problem-alert.js';
import { Button } from '../../../ui/status.js';
import { useSubmit } from '../../../ui/use-submit.js';
import { formatClock, wallTime } from '../../../time/zone-time.js';
import { ClientPicker } from './client-picker.js';
import type { ClientChoice } from './client-picker.js';
import './front-desk.css';

interface Props {
  readonly franchiseId: string;
  readonly locationId: string;
  readonly barbers: readonly Barber[];
  readonly services: readonly ShopService[];
  readonly onSaved: (appointment: Appointment) => void;
  readonly onClose: () => void;
}

/** Someone at the door: the server seats them in the first chair free for the whole service. */
export function WalkInDialog({ franchiseId, locationId, barbers, services, onSaved, onClose }: Props) {
  const active = services.filter((service) => service.isActive);
  const [serviceId, setServiceId] = useState(active[0]?.id ?? '');
  const [barberId, setBarberId] = useState('');
  const [client, setClient] = useState<ClientChoice>();
  const [seated, setSeated] = useState<Appointment>();
  const submit = useSubmit();
  const key = useRef(crypto.randomUUID());

  if (seated) {
    return (
      <Dialog title="Walk-in booked" onClose={onClose}>
        <p role="status" className="walk-in__seated">
          {seated.client.name} is with <strong>{seated.barber.name}</strong> at <strong>{formatClock(wallTime(seated.start))}</strong>.
        </p>
        <div className="button-row">
          <Button onClick={onClose}>Done</Button>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog title="Walk-in now" onClose={onClose}>
      <form
        className="stack front-desk-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!client) return;
          void submit.run(async () => {
            const appointment = await shopApi.walkIn(franchiseId, { locationId, serviceId, barberId: barberId || null, ...client }, key.current);
            setSeated(appointment);
            onSaved(appointment);
          });
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
          <option value="">First free chair</option>
          {barbers.map((barber) => (
            <option key={barber.id} value={barber.id}>
              {barber.name}
            </option>
          ))}
        </SelectField>
        <ClientPicker franchiseId={franchiseId} onChange={setClient} />
        <ProblemAlert error={submit.problem} />
        <div className="button-row">
          <Button type="submit" busy={submit.busy} disabled={serviceId === '' || client === undefined}>
            Seat the walk-in
          </Button>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
