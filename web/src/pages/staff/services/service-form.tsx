import { useState } from 'react';
import type { FormEvent } from 'react';
import type { CreateService } from '../../../api/types.js';
import { SelectField, TextField } from '../../../ui/field.js';
import { ProblemAlert } from '../../../ui/problem-alert.js';
import { fieldError } from '../../../ui/problem-text.js';
import { Button } from '../../../ui/status.js';
import { formatDuration, parseMoney } from '../../../time/money.js';

export const DURATIONS = [10, 15, 20, 25, 30, 40, 45, 50, 60, 75, 90, 105, 120, 150, 180, 240];
export const BUFFERS = [0, 5, 10, 15, 20, 30];

type Draft = Omit<CreateService, 'locationId'>;

interface Props {
  readonly currency: string;
  /** Setup asks only for name, length and price; the services page asks for everything. */
  readonly compact?: boolean;
  readonly submitLabel?: string;
  readonly onSubmit: (draft: Draft) => Promise<void>;
}

/** A new service for the menu; money typed as "35" or "35.50", sent as cents. */
export function ServiceForm({ currency, compact = false, submitLabel = 'Add service', onSubmit }: Props) {
  const [name, setName] = useState('');
  const [duration, setDuration] = useState(30);
  const [price, setPrice] = useState('');
  const [deposit, setDeposit] = useState('');
  const [buffer, setBuffer] = useState(0);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const [local, setLocal] = useState<{ name?: string; price?: string; deposit?: string }>({});

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const priceCents = parseMoney(price);
    const depositCents = deposit.trim() ? parseMoney(deposit) : 0;
    const errors = {
      ...(!name.trim() && { name: 'Give the service a name.' }),
      ...(priceCents === null && { price: 'Enter a price like 35 or 35.50.' }),
      ...(depositCents === null && { deposit: 'Enter an amount like 10, or leave empty.' }),
      ...(priceCents !== null && depositCents !== null && depositCents > priceCents && { deposit: 'The deposit cannot be more than the price.' }),
    };
    setLocal(errors);
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    setProblem(undefined);
    try {
      await onSubmit({
        name: name.trim(),
        durationMinutes: duration,
        priceCents: priceCents as number,
        ...(!compact && { depositCents: depositCents as number, bufferMinutes: buffer }),
      });
      setName('');
      setPrice('');
      setDeposit('');
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="inline-form" onSubmit={(event) => void submit(event)} noValidate aria-label="New service">
      <TextField label="Service" placeholder="Haircut" value={name} onChange={(event) => setName(event.target.value)} error={local.name ?? fieldError(problem, 'name')} />
      <SelectField label="Length" value={duration} onChange={(event) => setDuration(Number(event.target.value))} error={fieldError(problem, 'durationMinutes')}>
        {DURATIONS.map((minutes) => (
          <option key={minutes} value={minutes}>
            {formatDuration(minutes)}
          </option>
        ))}
      </SelectField>
      <TextField label={`Price (${currency})`} inputMode="decimal" placeholder="35" value={price} onChange={(event) => setPrice(event.target.value)} error={local.price ?? fieldError(problem, 'priceCents')} />
      {!compact && (
        <>
          <TextField label={`Deposit (${currency})`} optional inputMode="decimal" placeholder="0" value={deposit} onChange={(event) => setDeposit(event.target.value)} error={local.deposit ?? fieldError(problem, 'depositCents')} />
          <SelectField label="Clean-up after" value={buffer} onChange={(event) => setBuffer(Number(event.target.value))} error={fieldError(problem, 'bufferMinutes')}>
            {BUFFERS.map((minutes) => (
              <option key={minutes} value={minutes}>
                {minutes === 0 ? 'None' : formatDuration(minutes)}
              </option>
            ))}
          </SelectField>
        </>
      )}
      <Button type="submit" busy={busy}>
        {submitLabel}
      </Button>
      <div style={{ gridColumn: '1 / -1' }}>
        <ProblemAlert error={problem} shownPaths={['name', 'durationMinutes', 'priceCents', 'depositCents', 'bufferMinutes']} />
      </div>
    </form>
  );
}
