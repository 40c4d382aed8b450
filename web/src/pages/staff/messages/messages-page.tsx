import { useState } from 'react';
import { messagesApi } from '../../../api/messages-api.js';
import type { Message, MessageFilters } from '../../../api/messages-api.js';
import { useTitle } from '../../../router/router.js';
import { SelectField } from '../../../ui/field.js';
import { ProblemAlert } from '../../../ui/problem-alert.js';
import { EmptyState, SkeletonLines } from '../../../ui/status.js';
import { useAsync } from '../../../ui/use-async.js';
import { useSession } from '../session.js';
import { MessageList } from './message-list.js';
import { ReminderSettings } from './reminder-settings-form.js';
import './messages.css';

type Status = NonNullable<MessageFilters['status']>;
type Channel = NonNullable<MessageFilters['channel']>;
type Kind = NonNullable<MessageFilters['kind']>;

const STATUSES: readonly [Status, string][] = [
  ['dead', 'Dead'],
  ['failed', 'Failed'],
  ['queued', 'Queued'],
  ['sent', 'Sent'],
  ['delivered', 'Delivered'],
  ['skipped', 'Skipped'],
  ['logged', 'Not sent: no provider'],
];
const KINDS: readonly [Kind, string][] = [
  ['confirmation', 'Confirmations'],
  ['reschedule', 'Moves'],
  ['cancellation', 'Cancellations'],
  ['reminder', 'Reminders'],
  ['barber_notice', 'Barber notices'],
];

/** A location's messages (dead and failed first, with retry) and its reminder settings. */
export function MessagesPage() {
  useTitle('Messages');
  const { franchise, location, isManager } = useSession();
  if (!franchise || !location) return null;
  return (
    <div>
      <div className="page-header">
        <h1>Messages</h1>
      </div>
      <LocationMessages key={location.id} franchiseId={franchise.id} locationId={location.id} />
      <ReminderSettings key={`settings-${location.id}`} franchiseId={franchise.id} locationId={location.id} canEdit={isManager} />
    </div>
  );
}

function LocationMessages({ franchiseId, locationId }: { readonly franchiseId: string; readonly locationId: string }) {
  const [status, setStatus] = useState<Status | ''>('');
  const [channel, setChannel] = useState<Channel | ''>('');
  const [kind, setKind] = useState<Kind | ''>('');
  const [retrying, setRetrying] = useState<string>();
  const [problem, setProblem] = useState<unknown>();
  const filters: MessageFilters = { ...(status && { status }), ...(channel && { channel }), ...(kind && { kind }) };
  const { state, reload } = useAsync((signal) => messagesApi.forLocation(franchiseId, locationId, filters, signal), [franchiseId, locationId, status, channel, kind], {
    keepPrevious: true,
  });

  const retry = async (message: Message): Promise<void> => {
    setRetrying(message.id);
    setProblem(undefined);
    try {
      await messagesApi.retry(franchiseId, message.id);
      await reload();
    } catch (error) {
      setProblem(error);
    } finally {
      setRetrying(undefined);
    }
  };

  return (
    <section className="card" aria-labelledby="messages-title">
      <h2 className="card__title" id="messages-title">
        Sent and waiting
      </h2>
      <div className="messages-filters">
        <SelectField label="Status" value={status} onChange={(event) => setStatus(event.target.value as Status | '')}>
          <option value="">Any</option>
          {STATUSES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
        <SelectField label="Kind" value={kind} onChange={(event) => setKind(event.target.value as Kind | '')}>
          <option value="">Any</option>
          {KINDS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
        <SelectField label="Channel" value={channel} onChange={(event) => setChannel(event.target.value as Channel | '')}>
          <option value="">Email and text</option>
          <option value="email">Email</option>
          <option value="sms">Text</option>
        </SelectField>
      </div>
      <ProblemAlert error={problem} />
      {state.status === 'error' && <ProblemAlert error={state.error} title="We could not load the messages." />}
      {state.data === undefined && state.status === 'loading' && <SkeletonLines lines={4} height="2.5rem" />}
      {state.data &&
        (state.data.messages.length === 0 ? (
          <EmptyState title="No messages match.">Confirmations and reminders appear here once clients book.</EmptyState>
        ) : (
          <>
            <MessageList messages={state.data.messages} onRetry={(message) => void retry(message)} retrying={retrying} />
            {state.data.truncated && <p className="small muted">Showing the first {state.data.messages.length}; narrow the filters to see others.</p>}
          </>
        ))}
    </section>
  );
}
