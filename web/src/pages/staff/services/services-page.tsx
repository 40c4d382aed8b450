import { useState } from 'react';
import { shopApi } from '../../../api/staff-api.js';
import type { ShopService } from '../../../api/types.js';
import { useTitle } from '../../../router/router.js';
import { ProblemAlert } from '../../../ui/problem-alert.js';
import { Button, EmptyState, SkeletonLines } from '../../../ui/status.js';
import { useAsync } from '../../../ui/use-async.js';
import { formatDuration, formatMoney } from '../../../time/money.js';
import { useSession } from '../session.js';
import { EditServiceRow } from './edit-service-row.js';
import { ServiceForm } from './service-form.js';

/** The location's menu: price, length, deposit, clean-up buffer; services can be paused (hidden from booking). */
export function ServicesPage() {
  useTitle('Services');
  const { franchise, location } = useSession();
  const fid = franchise?.id ?? '';
  const lid = location?.id ?? '';
  const { state, reload, set } = useAsync((signal) => shopApi.services(fid, lid, signal), [fid, lid]);
  const [editing, setEditing] = useState<string>();
  if (!location) return null;
  const services = state.data ?? [];
  const replace = (service: ShopService): void => set(services.map((item) => (item.id === service.id ? service : item)));

  return (
    <div>
      <div className="page-header">
        <h1>Services at {location.name}</h1>
      </div>
      <section className="card">
        <h2 className="card__title">Add a service</h2>
        <ServiceForm currency={location.currency} onSubmit={async (draft) => set([...services, await shopApi.createService(fid, { ...draft, locationId: lid })])} />
      </section>
      <section className="card">
        <h2 className="card__title">Menu</h2>
        {state.status === 'error' && (
          <ProblemAlert error={state.error}>
            <Button variant="secondary" small onClick={() => void reload()}>
              Try again
            </Button>
          </ProblemAlert>
        )}
        {state.status === 'loading' && <SkeletonLines lines={4} height="2.5rem" />}
        {state.status === 'ready' && services.length === 0 && <EmptyState title="No services yet">Add the first one above; it appears on the booking page at once.</EmptyState>}
        {services.length > 0 && (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Service</th>
                  <th scope="col">Length</th>
                  <th scope="col">Price</th>
                  <th scope="col">Deposit</th>
                  <th scope="col">Clean-up</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {services.map((service) =>
                  editing === service.id ? (
                    <EditServiceRow
                      key={service.id}
                      franchiseId={fid}
                      service={service}
                      currency={location.currency}
                      onSaved={(next) => {
                        replace(next);
                        setEditing(undefined);
                      }}
                      onCancel={() => setEditing(undefined)}
                    />
                  ) : (
                    <tr key={service.id}>
                      <th scope="row">{service.name}</th>
                      <td>{formatDuration(service.durationMinutes)}</td>
                      <td>{formatMoney(service.priceCents, location.currency)}</td>
                      <td>{service.depositCents > 0 ? formatMoney(service.depositCents, location.currency) : '—'}</td>
                      <td>{service.bufferMinutes > 0 ? formatDuration(service.bufferMinutes) : '—'}</td>
                      <td>{service.isActive ? <span className="badge badge--completed">Bookable</span> : <span className="badge">Paused</span>}</td>
                      <td>
                        <Button variant="ghost" small onClick={() => setEditing(service.id)} aria-label={`Edit ${service.name}`}>
                          Edit
                        </Button>
                      </td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
