import { useEffect, useState } from 'react';
import { publicApi } from '../../api/public-api.js';
import type { CurrentWait as Wait, LocationPage } from '../../api/types.js';
import { formatClock, wallTime } from '../../time/zone-time.js';

const REFRESH_MS = 60_000;

function waitText(wait: { start: string | null; waitMinutes: number | null }): string {
  if (wait.start === null || wait.waitMinutes === null) return 'no free chair again today';
  // The wait counts to the next whole minute: under two minutes is someone free as you walk in.
  if (wait.waitMinutes <= 1) return 'free now';
  return `about ${wait.waitMinutes} min (from ${formatClock(wallTime(wait.start))})`;
}

/** "Walk in now": the wait the front desk would give, for anyone and per barber, refreshed every minute. */
export function CurrentWait({ location }: { readonly location: LocationPage }) {
  const [serviceId, setServiceId] = useState(location.services[0]?.id ?? '');
  const [wait, setWait] = useState<Wait>();
  useEffect(() => {
    if (!serviceId) return;
    const controller = new AbortController();
    const load = (): void => {
      publicApi.wait(location.slug, serviceId, controller.signal).then(setWait, () => setWait(undefined));
    };
    load();
    const timer = window.setInterval(load, REFRESH_MS);
    return () => {
      window.clearInterval(timer);
      controller.abort();
    };
  }, [location.slug, serviceId]);
  if (!serviceId) return null;
  return (
    <section className="current-wait" aria-labelledby="current-wait-title" aria-live="polite">
      <h2 className="shop-info__heading" id="current-wait-title">
        Walk in now
      </h2>
      {location.services.length > 1 && (
        <label className="current-wait__service small">
          <span className="visually-hidden">Service</span>
          <select className="select" value={serviceId} onChange={(event) => setServiceId(event.target.value)}>
            {location.services.map((service) => (
              <option key={service.id} value={service.id}>
                {service.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {wait ? (
        <>
          <p className="current-wait__anyone" data-testid="current-wait">
            Anyone: <strong>{waitText(wait.anyone)}</strong>
          </p>
          <ul className="current-wait__barbers small">
            {wait.barbers.map((barber) => (
              <li key={barber.id}>
                {barber.name}: {waitText(barber)}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="small muted">Checking the chairs…</p>
      )}
    </section>
  );
}
