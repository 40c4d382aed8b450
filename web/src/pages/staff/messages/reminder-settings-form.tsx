import { useState } from 'react';
import type { FormEvent } from 'react';
import { messagesApi } from '../../../api/messages-api.js';
import type { MessageSettings } from '../../../api/messages-api.js';
import { TextField } from '../../../ui/field.js';
import { ProblemAlert } from '../../../ui/problem-alert.js';
import { fieldError } from '../../../ui/problem-text.js';
import { Button, SkeletonLines } from '../../../ui/status.js';
import { useAsync } from '../../../ui/use-async.js';
import { useSubmit } from '../../../ui/use-submit.js';

const PRESETS: readonly number[] = [10080, 2880, 1440, 240, 120, 60];

function offsetLabel(minutes: number): string {
  if (minutes % 1440 === 0) return minutes === 1440 ? '1 day before' : `${minutes / 1440} days before`;
  if (minutes % 60 === 0) return minutes === 60 ? '1 hour before' : `${minutes / 60} hours before`;
  return `${minutes} minutes before`;
}

/** A location's reminders: when they go, whether texts are used, and the hours when no text goes. */
export function ReminderSettings({ franchiseId, locationId, canEdit }: { readonly franchiseId: string; readonly locationId: string; readonly canEdit: boolean }) {
  const { state, set } = useAsync((signal) => messagesApi.settings(franchiseId, locationId, signal), [franchiseId, locationId]);
  return (
    <section className="card" aria-labelledby="reminder-settings-title">
      <h2 className="card__title" id="reminder-settings-title">
        Reminder settings
      </h2>
      {state.status === 'loading' && <SkeletonLines lines={3} />}
      {state.status === 'error' && <ProblemAlert error={state.error} title="We could not load the reminder settings." />}
      {state.status === 'ready' && <SettingsForm key={JSON.stringify(state.data)} franchiseId={franchiseId} settings={state.data} canEdit={canEdit} onSaved={set} />}
    </section>
  );
}

interface FormProps {
  readonly franchiseId: string;
  readonly settings: MessageSettings;
  readonly canEdit: boolean;
  readonly onSaved: (settings: MessageSettings) => void;
}

function SettingsForm({ franchiseId, settings, canEdit, onSaved }: FormProps) {
  const [offsets, setOffsets] = useState<readonly number[]>(settings.reminderOffsetsMinutes);
  const [smsEnabled, setSmsEnabled] = useState(settings.smsEnabled);
  const [quietStart, setQuietStart] = useState(settings.quietStart);
  const [quietEnd, setQuietEnd] = useState(settings.quietEnd);
  const [saved, setSaved] = useState(false);
  const submit = useSubmit();
  const choices = [...new Set([...PRESETS, ...settings.reminderOffsetsMinutes])].sort((a, b) => b - a);
  const toggle = (minutes: number): void => setOffsets(offsets.includes(minutes) ? offsets.filter((m) => m !== minutes) : [...offsets, minutes]);

  const save = (event: FormEvent): void => {
    event.preventDefault();
    setSaved(false);
    void submit.run(async () => {
      onSaved(await messagesApi.saveSettings(franchiseId, settings.locationId, { reminderOffsetsMinutes: [...offsets], smsEnabled, quietStart, quietEnd }));
      setSaved(true);
    });
  };

  return (
    <form onSubmit={save} noValidate data-testid="reminder-settings">
      <fieldset className="reminder-settings__offsets" disabled={!canEdit}>
        <legend>Send reminders</legend>
        {choices.map((minutes) => (
          <label key={minutes} className="checkbox">
            <input type="checkbox" checked={offsets.includes(minutes)} onChange={() => toggle(minutes)} /> {offsetLabel(minutes)}
          </label>
        ))}
      </fieldset>
      <label className="checkbox">
        <input type="checkbox" checked={smsEnabled} disabled={!canEdit} onChange={(event) => setSmsEnabled(event.target.checked)} /> Also text clients who gave a phone number
      </label>
      <div className="grid-2">
        <TextField label="No texts from" type="time" value={quietStart} disabled={!canEdit} onChange={(event) => setQuietStart(event.target.value)} error={fieldError(submit.problem, 'quietStart')} hint={`Shop time (${settings.timezone})`} />
        <TextField label="Until" type="time" value={quietEnd} disabled={!canEdit} onChange={(event) => setQuietEnd(event.target.value)} error={fieldError(submit.problem, 'quietEnd')} hint="A text due in between waits until then." />
      </div>
      <ProblemAlert error={submit.problem} shownPaths={['quietStart', 'quietEnd']} />
      {saved && (
        <p className="alert alert--success" role="status">
          Saved. New and moved bookings follow these settings.
        </p>
      )}
      {canEdit ? (
        <Button type="submit" busy={submit.busy}>
          Save reminder settings
        </Button>
      ) : (
        <p className="small muted">Owners and managers can change these.</p>
      )}
    </form>
  );
}
