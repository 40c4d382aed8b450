import { useState } from 'react';
import { shopApi } from '../../../api/staff-api.js';
import type { ShopService } from '../../../api/types.js';
import { fieldError, plainMessage, problemText } from '../../../ui/problem-text.js';
import { ApiProblem } from '../../../api/http.js';
import { Button } from '../../../ui/status.js';
import { centsToInput, formatDuration, parseMoney } from '../../../time/money.js';
import { BUFFERS, DURATIONS } from './service-form.js';

interface Props {
  readonly franchiseId: string;
  readonly service: ShopService;
  readonly currency: string;
  readonly onSaved: (service: ShopService) => void;
  readonly onCancel: () => void;
}

/** A table row turned into inputs; only changed fields are sent. */
export function EditServiceRow({ franchiseId, service, currency, onSaved, onCancel }: Props) {
  const [name, setName] = useState(service.name);
  const [duration, setDuration] = useState(service.durationMinutes);
  const [price, setPrice] = useState(centsToInput(service.priceCents));
  const [deposit, setDeposit] = useState(centsToInput(service.depositCents));
  const [buffer, setBuffer] = useState(service.bufferMinutes);
  const [active, setActive] = useState(service.isActive);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const [local, setLocal] = useState<string>();

  const save = async (): Promise<void> => {
    const priceCents = parseMoney(price);
    const depositCents = parseMoney(deposit || '0');
    if (!name.trim() || priceCents === null || depositCents === null) {
      setLocal(!name.trim() ? 'Give the service a name.' : 'Enter amounts like 35 or 35.50.');
      return;
    }
    setLocal(undefined);
    const body = {
      ...(name.trim() !== service.name && { name: name.trim() }),
      ...(duration !== service.durationMinutes && { durationMinutes: duration }),
      ...(priceCents !== service.priceCents && { priceCents }),
      ...(depositCents !== service.depositCents && { depositCents }),
      ...(buffer !== service.bufferMinutes && { bufferMinutes: buffer }),
      ...(active !== service.isActive && { isActive: active }),
    };
    if (Object.keys(body).length === 0) return onCancel();
    setBusy(true);
    setProblem(undefined);
    try {
      onSaved(await shopApi.updateService(franchiseId, service.id, body));
    } catch (error) {
      setProblem(error);
      setBusy(false);
    }
  };
  const message =
    local ??
    (problem instanceof ApiProblem
      ? (fieldError(problem, 'name') ?? fieldError(problem, 'priceCents') ?? fieldError(problem, 'depositCents') ?? (problem.errors[0] ? plainMessage(problem.errors[0].message) : problemText(problem)))
      : undefined);
  const ids = `service-${service.id}`;
  return (
    <>
      <tr className="edit-row">
        <td>
          <input className="input" aria-label="Service name" value={name} onChange={(event) => setName(event.target.value)} aria-describedby={message ? `${ids}-error` : undefined} />
        </td>
        <td>
          <select className="select" aria-label="Length" value={duration} onChange={(event) => setDuration(Number(event.target.value))}>
            {[...new Set([...DURATIONS, service.durationMinutes])].sort((a, b) => a - b).map((minutes) => (
              <option key={minutes} value={minutes}>
                {formatDuration(minutes)}
              </option>
            ))}
          </select>
        </td>
        <td>
          <input className="input" aria-label={`Price (${currency})`} inputMode="decimal" value={price} onChange={(event) => setPrice(event.target.value)} />
        </td>
        <td>
          <input className="input" aria-label={`Deposit (${currency})`} inputMode="decimal" value={deposit} onChange={(event) => setDeposit(event.target.value)} />
        </td>
        <td>
          <select className="select" aria-label="Clean-up after" value={buffer} onChange={(event) => setBuffer(Number(event.target.value))}>
            {[...new Set([...BUFFERS, service.bufferMinutes])].sort((a, b) => a - b).map((minutes) => (
              <option key={minutes} value={minutes}>
                {minutes === 0 ? 'None' : formatDuration(minutes)}
              </option>
            ))}
          </select>
        </td>
        <td>
          <label className="checkbox">
            <input type="checkbox" checked={active} onChange={(event) => setActive(event.target.checked)} />
            Bookable
          </label>
        </td>
        <td>
          <div className="button-row">
            <Button small busy={busy} onClick={() => void save()}>
              Save
            </Button>
            <Button small variant="secondary" onClick={onCancel} disabled={busy}>
              Cancel
            </Button>
          </div>
        </td>
      </tr>
      {message && (
        <tr>
          <td colSpan={7}>
            <span className="field__error" id={`${ids}-error`} role="alert">
              {message}
            </span>
          </td>
        </tr>
      )}
    </>
  );
}
