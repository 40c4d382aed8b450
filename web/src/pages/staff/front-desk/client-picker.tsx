import { useEffect, useState } from 'react';
import { shopApi } from '../../../api/staff-api.js';
import type { ClientMatch } from '../../../api/types.js';
import { TextField } from '../../../ui/field.js';

/** Who an appointment is for: a client found by name, email or phone, or a new one. */
export type ClientChoice = { readonly clientId: string } | { readonly client: { readonly name: string; readonly email: string; readonly phone?: string } } | undefined;

interface Props {
  readonly franchiseId: string;
  readonly onChange: (choice: ClientChoice) => void;
}

const SEARCH_DELAY_MS = 250;

export function ClientPicker({ franchiseId, onChange }: Props) {
  const [mode, setMode] = useState<'find' | 'new'>('find');
  const [text, setText] = useState('');
  const [matches, setMatches] = useState<readonly ClientMatch[]>([]);
  const [picked, setPicked] = useState<string>();
  const [searching, setSearching] = useState(false);
  const [draft, setDraft] = useState({ name: '', email: '', phone: '' });

  useEffect(() => {
    if (mode !== 'find' || text.trim().length < 2) {
      setMatches([]);
      return;
    }
    // Wait for a pause in typing; a newer search aborts the older one.
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      setSearching(true);
      shopApi
        .searchClients(franchiseId, text.trim(), controller.signal)
        .then(setMatches)
        .catch(() => setMatches([]))
        .finally(() => setSearching(false));
    }, SEARCH_DELAY_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [franchiseId, mode, text]);

  useEffect(() => {
    if (mode === 'find') onChange(picked ? { clientId: picked } : undefined);
    else {
      const { name, email, phone } = draft;
      onChange(name.trim() && email.trim() ? { client: { name: name.trim(), email: email.trim(), ...(phone.trim() && { phone: phone.trim() }) } } : undefined);
    }
    // onChange is the parent's state setter, stable: only the choice itself re-runs this.
  }, [mode, picked, draft]);

  return (
    <fieldset className="client-picker">
      <legend className="field__label">Client</legend>
      <div className="segmented" role="group" aria-label="Client">
        <button type="button" aria-pressed={mode === 'find'} onClick={() => setMode('find')}>
          Find a client
        </button>
        <button type="button" aria-pressed={mode === 'new'} onClick={() => setMode('new')}>
          New client
        </button>
      </div>
      {mode === 'find' ? (
        <>
          <TextField label="Name, email or phone" type="search" value={text} autoComplete="off" onChange={(event) => setText(event.target.value)} hint={searching ? 'Searching…' : undefined} />
          {matches.length > 0 && (
            <ul className="client-picker__list" aria-label="Matching clients">
              {matches.map((client) => (
                <li key={client.id}>
                  <label className="client-picker__option">
                    <input type="radio" name="client" checked={picked === client.id} onChange={() => setPicked(client.id)} />
                    <span>
                      <strong>{client.name}</strong> <span className="muted small">{client.email}{client.phone && ` · ${client.phone}`}</span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          )}
          {text.trim().length >= 2 && !searching && matches.length === 0 && <p className="small muted">No client matches. Use “New client”.</p>}
        </>
      ) : (
        <div className="client-picker__new">
          <TextField label="Name" value={draft.name} autoComplete="off" onChange={(event) => setDraft({ ...draft, name: event.target.value })} />
          <TextField label="Email" type="email" value={draft.email} autoComplete="off" onChange={(event) => setDraft({ ...draft, email: event.target.value })} hint="An email already on file picks that client." />
          <TextField label="Phone" optional type="tel" value={draft.phone} autoComplete="off" onChange={(event) => setDraft({ ...draft, phone: event.target.value })} />
        </div>
      )}
    </fieldset>
  );
}
