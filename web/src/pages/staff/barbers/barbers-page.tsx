import { useState } from 'react';
import type { FormEvent } from 'react';
import { shopApi } from '../../../api/staff-api.js';
import type { Barber } from '../../../api/types.js';
import { useTitle } from '../../../router/router.js';
import { TextField } from '../../../ui/field.js';
import { ProblemAlert } from '../../../ui/problem-alert.js';
import { fieldError } from '../../../ui/problem-text.js';
import { Button, EmptyState, SkeletonLines } from '../../../ui/status.js';
import { useAsync } from '../../../ui/use-async.js';
import { useSubmit } from '../../../ui/use-submit.js';
import { initials } from '../../book/barber-step.js';
import { useSession } from '../session.js';
import { BarberEditor } from './barber-editor.js';
import './barbers.css';

/** Barbers of the location: their services, weekly hours and time off. */
export function BarbersPage() {
  useTitle('Barbers & hours');
  const { franchise, location } = useSession();
  const fid = franchise?.id ?? '';
  const lid = location?.id ?? '';
  const barbers = useAsync((signal) => shopApi.barbers(fid, lid, signal), [fid, lid]);
  const services = useAsync((signal) => shopApi.services(fid, lid, signal), [fid, lid]);
  const [selectedId, setSelectedId] = useState<string>();
  if (!location) return null;
  const list = barbers.state.data ?? [];
  const selected = list.find((barber) => barber.id === selectedId) ?? list[0];
  const replace = (barber: Barber): void => barbers.set(list.map((item) => (item.id === barber.id ? barber : item)));

  return (
    <div>
      <div className="page-header">
        <h1>Barbers &amp; hours</h1>
      </div>
      <AddBarber
        franchiseId={fid}
        locationId={lid}
        onAdded={(barber) => {
          barbers.set([...list, barber]);
          setSelectedId(barber.id);
        }}
      />
      {barbers.state.status === 'error' && <ProblemAlert error={barbers.state.error} />}
      {barbers.state.status === 'loading' && <SkeletonLines lines={5} height="2.5rem" />}
      {barbers.state.status === 'ready' && list.length === 0 && <EmptyState title="No barbers yet">Add the first one above.</EmptyState>}
      {selected && (
        <div className="barbers">
          <nav className="barbers__list" aria-label="Barbers">
            <ul className="list-plain">
              {list.map((barber) => (
                <li key={barber.id}>
                  <button type="button" className="barbers__tab" aria-current={barber.id === selected.id ? 'true' : undefined} onClick={() => setSelectedId(barber.id)}>
                    <span className="avatar avatar--small" aria-hidden="true">
                      {initials(barber.name)}
                    </span>
                    <span>
                      {barber.name}
                      {!barber.isActive && <span className="muted small"> (inactive)</span>}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <BarberEditor key={selected.id} franchiseId={fid} timezone={location.timezone} barber={selected} services={services.state.data ?? []} onChanged={replace} />
        </div>
      )}
    </div>
  );
}

function AddBarber({ franchiseId, locationId, onAdded }: { readonly franchiseId: string; readonly locationId: string; readonly onAdded: (barber: Barber) => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const { busy, problem, run } = useSubmit();
  const submit = (event: FormEvent): Promise<void> => {
    event.preventDefault();
    return run(async () => {
      onAdded(await shopApi.createBarber(franchiseId, { name: name.trim(), locationId, ...(email.trim() && { email: email.trim() }) }));
      setName('');
      setEmail('');
    });
  };
  return (
    <section className="card">
      <h2 className="card__title">Add a barber</h2>
      <form className="inline-form" onSubmit={(event) => void submit(event)} noValidate>
        <TextField label="Name" value={name} onChange={(event) => setName(event.target.value)} error={fieldError(problem, 'name')} />
        <TextField label="Email" optional type="email" value={email} onChange={(event) => setEmail(event.target.value)} error={fieldError(problem, 'email')} />
        <Button type="submit" busy={busy} disabled={!name.trim()}>
          Add barber
        </Button>
      </form>
      <ProblemAlert error={problem} shownPaths={['name', 'email']} />
    </section>
  );
}
