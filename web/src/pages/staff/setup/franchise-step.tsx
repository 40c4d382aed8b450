import { useState } from 'react';
import type { FormEvent } from 'react';
import { shopApi } from '../../../api/staff-api.js';
import type { Franchise } from '../../../api/types.js';
import { SelectField, TextField } from '../../../ui/field.js';
import { ProblemAlert } from '../../../ui/problem-alert.js';
import { fieldError, isProblem } from '../../../ui/problem-text.js';
import { Button } from '../../../ui/status.js';
import { useSubmit } from '../../../ui/use-submit.js';
import { visitorZone } from '../../../time/zone-time.js';
import { REGIONS, guessRegion, slugify } from './choices.js';

/** Step 1: the business (franchise) that owns the shops. */
export function FranchiseStep({ onDone }: { readonly onDone: (franchise: Franchise) => void }) {
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugTouched, setSlugTouched] = useState(false);
  const [region, setRegion] = useState(() => guessRegion(visitorZone()));
  const { busy, problem, run } = useSubmit({ leavesOnSuccess: true });

  const submit = (event: FormEvent): Promise<void> => {
    event.preventDefault();
    return run(async () => onDone(await shopApi.createFranchise({ name: name.trim(), slug: slug || slugify(name), region })));
  };
  const slugTaken = isProblem(problem, 'AlreadyExists');
  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <TextField
        label="Business name"
        hint="The name over the door, or of the group if you run several shops."
        value={name}
        onChange={(event) => {
          setName(event.target.value);
          if (!slugTouched) setSlug(slugify(event.target.value));
        }}
        error={fieldError(problem, 'name')}
        autoFocus
      />
      <TextField
        label="Short name"
        hint="Lower-case letters, digits and dashes."
        value={slug}
        onChange={(event) => {
          setSlug(event.target.value);
          setSlugTouched(true);
        }}
        error={slugTaken ? 'This short name is taken; try another.' : fieldError(problem, 'slug')}
      />
      <SelectField label="Where your data is kept" hint="Choose the region nearest to your shops." value={region} onChange={(event) => setRegion(event.target.value)} error={fieldError(problem, 'region')}>
        {REGIONS.map((item) => (
          <option key={item.id} value={item.id}>
            {item.label} ({item.id})
          </option>
        ))}
      </SelectField>
      {!slugTaken && <ProblemAlert error={problem} shownPaths={['name', 'slug', 'region']} />}
      <Button type="submit" busy={busy} disabled={!name.trim()}>
        Continue
      </Button>
    </form>
  );
}
