import { useState } from 'react';
import type { FormEvent } from 'react';
import { shopApi } from '../../../api/staff-api.js';
import type { Address, Policy, ShopLocation } from '../../../api/types.js';
import { useTitle } from '../../../router/router.js';
import { TextField } from '../../../ui/field.js';
import { ProblemAlert } from '../../../ui/problem-alert.js';
import { fieldError } from '../../../ui/problem-text.js';
import { Button } from '../../../ui/status.js';
import { useSession } from '../session.js';

/** The location's name, address and booking policy (notice, horizon, cancellation window, slot grid). */
export function SettingsPage() {
  useTitle('Shop settings');
  const session = useSession();
  const { franchise, location } = session;
  if (!franchise || !location) return null;
  return <SettingsForm key={location.id} franchiseId={franchise.id} location={location} onSaved={() => void session.refresh()} />;
}

const POLICY_FIELDS: readonly { key: keyof Policy; label: string; hint: string; min: number; max: number }[] = [
  { key: 'minNoticeMinutes', label: 'Minimum notice (minutes)', hint: 'How soon before a visit clients may still book it online.', min: 0, max: 43_200 },
  { key: 'horizonDays', label: 'Booking horizon (days)', hint: 'How far ahead clients may book (at most 730).', min: 1, max: 730 },
  { key: 'cancellationWindowHours', label: 'Cancellation window (hours)', hint: 'Clients may cancel or move online until this many hours before.', min: 0, max: 720 },
  { key: 'slotStepMinutes', label: 'Start times every (minutes)', hint: 'The grid of offered start times, e.g. every 15 minutes.', min: 5, max: 240 },
];

function SettingsForm({ franchiseId, location, onSaved }: { readonly franchiseId: string; readonly location: ShopLocation; readonly onSaved: () => void }) {
  const [name, setName] = useState(location.name);
  const [address, setAddress] = useState<Address>(location.address ?? {});
  const [policy, setPolicy] = useState<Record<keyof Policy, string>>({
    minNoticeMinutes: String(location.policy.minNoticeMinutes),
    horizonDays: String(location.policy.horizonDays),
    cancellationWindowHours: String(location.policy.cancellationWindowHours),
    slotStepMinutes: String(location.policy.slotStepMinutes),
  });
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const [local, setLocal] = useState<Partial<Record<keyof Policy, string>>>({});

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const errors: Partial<Record<keyof Policy, string>> = {};
    const numbers = {} as Policy;
    for (const field of POLICY_FIELDS) {
      const value = Number(policy[field.key]);
      if (!Number.isInteger(value) || value < field.min || value > field.max) errors[field.key] = `Use a whole number from ${field.min} to ${field.max}.`;
      numbers[field.key] = value;
    }
    setLocal(errors);
    if (Object.keys(errors).length > 0) return;
    const cleanAddress = Object.fromEntries(Object.entries(address).filter(([, value]) => typeof value === 'string' && value.trim())) as Address;
    setBusy(true);
    setSaved(false);
    setProblem(undefined);
    try {
      await shopApi.updateLocation(franchiseId, location.id, { name: name.trim(), address: Object.keys(cleanAddress).length > 0 ? cleanAddress : null, policy: numbers });
      setSaved(true);
      onSaved();
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };
  const addressField = (key: keyof Address, label: string, autoComplete: string) => (
    <TextField label={label} optional value={address[key] ?? ''} autoComplete={autoComplete} onChange={(event) => setAddress({ ...address, [key]: event.target.value })} error={fieldError(problem, `address.${key}`)} />
  );

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <div className="page-header">
        <h1>Shop settings</h1>
      </div>
      <section className="card">
        <h2 className="card__title">The shop</h2>
        <TextField label="Shop name" value={name} onChange={(event) => setName(event.target.value)} error={fieldError(problem, 'name')} />
        <p className="small muted">
          Booking link: /book/{location.slug} · Time zone: {location.timezone} · Currency: {location.currency}
        </p>
        <div className="grid-2">
          {addressField('line1', 'Street address', 'address-line1')}
          {addressField('line2', 'Address line 2', 'address-line2')}
          {addressField('city', 'City', 'address-level2')}
          {addressField('region', 'State or region', 'address-level1')}
          {addressField('postalCode', 'Postal code', 'postal-code')}
          {addressField('country', 'Country', 'country-name')}
        </div>
      </section>
      <section className="card">
        <h2 className="card__title">Booking policy</h2>
        <div className="grid-2">
          {POLICY_FIELDS.map((field) => (
            <TextField
              key={field.key}
              label={field.label}
              hint={field.hint}
              type="number"
              inputMode="numeric"
              min={field.min}
              max={field.max}
              value={policy[field.key]}
              onChange={(event) => setPolicy({ ...policy, [field.key]: event.target.value })}
              error={local[field.key] ?? fieldError(problem, `policy.${field.key}`)}
            />
          ))}
        </div>
      </section>
      <div className="settings__actions">
        <ProblemAlert error={problem} shownPaths={['name', ...POLICY_FIELDS.map((f) => `policy.${f.key}`), 'address.line1', 'address.line2', 'address.city', 'address.region', 'address.postalCode', 'address.country']} />
        {saved && (
          <p className="alert alert--success" role="status">
            Saved.
          </p>
        )}
        <Button type="submit" busy={busy}>
          Save settings
        </Button>
      </div>
    </form>
  );
}
