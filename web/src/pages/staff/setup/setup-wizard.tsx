import { useEffect, useRef, useState } from 'react';
import { shopApi } from '../../../api/staff-api.js';
import type { Barber, Franchise, ShopLocation, ShopService } from '../../../api/types.js';
import { Brand } from '../../../layout/public-layout.js';
import { Link, navigate, useTitle } from '../../../router/router.js';
import { SkeletonLines } from '../../../ui/status.js';
import { useSession } from '../session.js';
import { BarbersStep } from './barbers-step.js';
import { FranchiseStep } from './franchise-step.js';
import { HoursStep } from './hours-step.js';
import { LocationStep } from './location-step.js';
import { ServicesStep } from './services-step.js';
import './setup.css';

type SetupStep = 'franchise' | 'location' | 'services' | 'barbers' | 'hours' | 'done';
const ORDER: readonly { step: SetupStep; label: string }[] = [
  { step: 'franchise', label: 'Business' },
  { step: 'location', label: 'Shop' },
  { step: 'services', label: 'Services' },
  { step: 'barbers', label: 'Barbers' },
  { step: 'hours', label: 'Hours' },
];

/** The first-run setup: business → shop (time zone) → services → barbers → hours → live booking link. */
export function SetupWizard() {
  useTitle('Set up your shop');
  const session = useSession();
  const initial = session.franchise ? (session.location ? 'services' : 'location') : 'franchise';
  const [step, setStep] = useState<SetupStep>(initial);
  const [franchise, setFranchise] = useState<Pick<Franchise, 'id' | 'name'> | undefined>(session.franchise);
  const [location, setLocation] = useState<ShopLocation | undefined>(session.location);
  const [services, setServices] = useState<ShopService[]>([]);
  const [barbers, setBarbers] = useState<Barber[]>([]);
  const [loading, setLoading] = useState(Boolean(session.location));
  const headingRef = useRef<HTMLHeadingElement>(null);

  // Coming back to setup with a shop already made: continue with what exists.
  useEffect(() => {
    if (!session.franchise || !session.location) return;
    const fid = session.franchise.id;
    const lid = session.location.id;
    void Promise.all([shopApi.services(fid, lid), shopApi.barbers(fid, lid)])
      .then(([existingServices, existingBarbers]) => {
        setServices(existingServices);
        setBarbers(existingBarbers);
      })
      .catch(() => undefined)
      .finally(() => setLoading(false));
    // Only once, on arrival.
  }, []);

  const go = (next: SetupStep): void => {
    setStep(next);
    requestAnimationFrame(() => headingRef.current?.focus());
  };
  const index = ORDER.findIndex((item) => item.step === step);

  return (
    <div className="setup">
      <header className="setup__header container">
        <Brand />
        {session.franchise && session.location && step !== 'done' && <Link to="/app/calendar">Skip to the calendar</Link>}
      </header>
      <main id="main" className="container setup__main" tabIndex={-1}>
        {step !== 'done' && (
          <ol className="setup__progress" aria-label="Setup progress">
            {ORDER.map((item, i) => (
              <li key={item.step} data-state={i < index ? 'done' : i === index ? 'current' : 'todo'} aria-current={i === index ? 'step' : undefined}>
                <span className="setup__dot" aria-hidden="true">
                  {i < index ? '✓' : i + 1}
                </span>
                <span className="setup__label">{item.label}</span>
              </li>
            ))}
          </ol>
        )}
        <section className="card setup__card">
          <h1 className="setup__title" ref={headingRef} tabIndex={-1}>
            {TITLES[step]}
          </h1>
          {loading ? (
            <SkeletonLines lines={4} />
          ) : (
            <>
              {step === 'franchise' && (
                <FranchiseStep
                  onDone={(created) => {
                    setFranchise(created);
                    void session.refresh({ franchiseId: created.id });
                    go('location');
                  }}
                />
              )}
              {step === 'location' && franchise && (
                <LocationStep
                  franchiseId={franchise.id}
                  franchiseName={franchise.name}
                  onDone={(created) => {
                    setLocation(created);
                    go('services');
                  }}
                />
              )}
              {step === 'services' && franchise && location && (
                <ServicesStep franchiseId={franchise.id} location={location} services={services} onAdded={(service) => setServices((list) => [...list, service])} onDone={() => go('barbers')} />
              )}
              {step === 'barbers' && franchise && location && (
                <BarbersStep franchiseId={franchise.id} location={location} barbers={barbers} onAdded={(barber) => setBarbers((list) => [...list, barber])} onDone={() => go('hours')} />
              )}
              {step === 'hours' && franchise && (
                <HoursStep
                  franchiseId={franchise.id}
                  barbers={barbers}
                  services={services}
                  onDone={() => {
                    if (location) void session.refresh({ franchiseId: franchise.id, locationId: location.id });
                    go('done');
                  }}
                />
              )}
              {step === 'done' && location && <Done location={location} />}
            </>
          )}
        </section>
      </main>
    </div>
  );
}

const TITLES: Readonly<Record<SetupStep, string>> = {
  franchise: 'Your business',
  location: 'Your shop',
  services: 'What clients can book',
  barbers: 'Your barbers',
  hours: 'Opening hours',
  done: 'You are open for bookings',
};

function Done({ location }: { readonly location: ShopLocation }) {
  const url = `${window.location.origin}/book/${location.slug}`;
  return (
    <div>
      <p>Share this link with your clients, on your website, social profiles or in the shop window:</p>
      <p className="setup__link">
        <a href={`/book/${location.slug}`} target="_blank" rel="noopener">
          {url}
        </a>
      </p>
      <div className="button-row">
        <button type="button" className="button" onClick={() => navigate('/app/calendar')}>
          Open the calendar
        </button>
        <a className="button button--secondary" href={`/book/${location.slug}`} target="_blank" rel="noopener">
          See the booking page
        </a>
      </div>
    </div>
  );
}
