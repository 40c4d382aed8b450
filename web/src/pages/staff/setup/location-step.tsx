import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { shopApi } from '../../../api/staff-api.js';
import type { ShopLocation } from '../../../api/types.js';
import { SelectField, TextField } from '../../../ui/field.js';
import { ProblemAlert } from '../../../ui/problem-alert.js';
import { fieldError, isProblem } from '../../../ui/problem-text.js';
import { Button } from '../../../ui/status.js';
import { useSubmit } from '../../../ui/use-submit.js';
import { visitorZone } from '../../../time/zone-time.js';
import { CURRENCIES, guessCurrency, slugify, timeZones } from './choices.js';

interface Props {
  readonly franchiseId: string;
  readonly franchiseName: string;
  readonly onDone: (location: ShopLocation) => void;
}

/** Step 2: the shop itself — its booking link, time zone and currency. */
export function LocationStep({ franchiseId, franchiseName, onDone }: Props) {
  const zones = useMemo(() => timeZones(), []);
  const [name, setName] = useState(franchiseName);
  const [slug, setSlug] = useState(slugify(franchiseName));
  const [slugTouched, setSlugTouched] = useState(false);
  const [timezone, setTimezone] = useState(() => (zones.includes(visitorZone()) ? visitorZone() : 'America/New_York'));
  const [currency, setCurrency] = useState(() => guessCurrency(visitorZone()));
  const [line1, setLine1] = useState('');
  const [city, setCity] = useState('');
  const { busy, problem, run } = useSubmit({ leavesOnSuccess: true });

  const submit = (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const address = { ...(line1.trim() && { line1: line1.trim() }), ...(city.trim() && { city: city.trim() }) };
    return run(async () => {
      onDone(
        await shopApi.createLocation(franchiseId, {
          name: name.trim(),
          slug: slug || slugify(name),
          timezone,
          currency,
          ...(Object.keys(address).length > 0 && { address }),
        }),
      );
    });
  };
  const slugTaken = isProblem(problem, 'AlreadyExists');
  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <TextField
        label="Shop name"
        value={name}
        onChange={(event) => {
          setName(event.target.value);
          if (!slugTouched) setSlug(slugify(event.target.value));
        }}
        error={fieldError(problem, 'name')}
        autoFocus
      />
      <TextField
        label="Booking link"
        hint={`Clients book at ${window.location.origin}/book/${slug || '…'}`}
        value={slug}
        onChange={(event) => {
          setSlug(event.target.value);
          setSlugTouched(true);
        }}
        error={slugTaken ? 'This link is taken; try another.' : fieldError(problem, 'slug')}
      />
      <div className="grid-2">
        <SelectField label="Time zone" hint="Opening hours and bookings use this zone." value={timezone} onChange={(event) => setTimezone(event.target.value)} error={fieldError(problem, 'timezone')}>
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replace(/_/g, ' ')}
            </option>
          ))}
        </SelectField>
        <SelectField label="Currency" value={currency} onChange={(event) => setCurrency(event.target.value)} error={fieldError(problem, 'currency')}>
          {CURRENCIES.map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="grid-2">
        <TextField label="Street address" optional value={line1} onChange={(event) => setLine1(event.target.value)} autoComplete="address-line1" error={fieldError(problem, 'address.line1')} />
        <TextField label="City" optional value={city} onChange={(event) => setCity(event.target.value)} autoComplete="address-level2" error={fieldError(problem, 'address.city')} />
      </div>
      {!slugTaken && <ProblemAlert error={problem} shownPaths={['name', 'slug', 'timezone', 'currency', 'address.line1', 'address.city']} />}
      <Button type="submit" busy={busy} disabled={!name.trim()}>
        Continue
      </Button>
    </form>
  );
}
