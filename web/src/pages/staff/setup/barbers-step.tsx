import { useState } from 'react';
import type { FormEvent } from 'react';
import { shopApi } from '../../../api/staff-api.js';
import type { Barber, ShopLocation } from '../../../api/types.js';
import { TextField } from '../../../ui/field.js';
import { ProblemAlert } from '../../../ui/problem-alert.js';
import { fieldError } from '../../../ui/problem-text.js';
import { Button } from '../../../ui/status.js';
import { useSubmit } from '../../../ui/use-submit.js';

interface Props {
  readonly franchiseId: string;
  readonly location: ShopLocation;
  readonly barbers: readonly Barber[];
  readonly onAdded: (barber: Barber) => void;
  readonly onDone: () => void;
}

/** Step 4: who cuts. Each barber gets a column in the calendar. */
export function BarbersStep({ franchiseId, location, barbers, onAdded, onDone }: Props) {
  const [name, setName] = useState('');
  const { busy, problem, run } = useSubmit();
  const add = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!name.trim()) return;
    await run(async () => {
      onAdded(await shopApi.createBarber(franchiseId, { name: name.trim(), locationId: location.id }));
      setName('');
    });
  };
  return (
    <div>
      {barbers.length > 0 ? (
        <ul className="list-plain setup-list" aria-label="Barbers added">
          {barbers.map((barber) => (
            <li key={barber.id} className="row-item">
              <strong>{barber.name}</strong>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Add yourself and everyone who takes clients. You can invite them to sign in later.</p>
      )}
      <form className="inline-form" onSubmit={(event) => void add(event)} noValidate aria-label="New barber">
        <TextField label="Barber's name" placeholder="Sam Rivera" value={name} onChange={(event) => setName(event.target.value)} error={fieldError(problem, 'name')} />
        <Button type="submit" busy={busy} disabled={!name.trim()}>
          Add barber
        </Button>
      </form>
      <ProblemAlert error={problem} shownPaths={['name']} />
      <Button onClick={onDone} disabled={barbers.length === 0}>
        {barbers.length === 0 ? 'Add a barber to continue' : 'Continue'}
      </Button>
    </div>
  );
}
