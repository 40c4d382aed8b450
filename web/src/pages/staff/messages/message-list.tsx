import type { Message } from '../../../api/messages-api.js';
import { formatDate } from '../../../time/local-date.js';
import { formatClock, wallDate, wallTime } from '../../../time/zone-time.js';
import { Button } from '../../../ui/status.js';

const KIND_LABEL: Readonly<Record<Message['kind'], string>> = {
  confirmation: 'Confirmation',
  reschedule: 'Moved',
  cancellation: 'Cancellation',
  reminder: 'Reminder',
  barber_notice: 'Barber notice',
  invitation: 'Invitation',
  password_reset: 'Password reset',
  receipt: 'Receipt',
};

const when = (iso: string): string => `${formatDate(wallDate(iso))} ${formatClock(wallTime(iso))}`;

/** The time worth showing: when it went, else when it is (or was) due. */
function timeOf(message: Message): string {
  if (message.sentAt) return `${message.status === 'logged' ? 'Stored' : 'Sent'} ${when(message.sentAt)}`;
  if (message.status === 'queued' || message.status === 'failed') return `Due ${when(message.sendAfter)}`;
  return `Updated ${when(message.updatedAt)}`;
}

interface Props {
  readonly messages: readonly Message[];
  /** Shown with a retry button on dead and failed messages; absent: no button. */
  readonly onRetry?: (message: Message) => void;
  readonly retrying?: string | undefined;
}

/** Messages as rows: what, to whom, status, time, and why it failed. Stacks on a phone. */
export function MessageList({ messages, onRetry, retrying }: Props) {
  return (
    <ul className="message-list" data-testid="message-list">
      {messages.map((message) => (
        <li key={message.id} className="message-row" data-status={message.status} data-kind={message.kind}>
          <div className="message-row__main">
            <strong>{KIND_LABEL[message.kind]}</strong> <span className="muted small">{message.channel === 'sms' ? 'text' : 'email'} to {message.recipient}</span>
            {message.subject && <div className="small message-row__subject">{message.subject}</div>}
            {message.lastError && <div className="small message-row__error">{message.lastError}</div>}
          </div>
          <div className="message-row__side">
            <span className={`badge message-badge message-badge--${message.status}`}>{message.statusText}</span>
            <span className="small muted">{timeOf(message)}</span>
            {onRetry && message.canRetry && (
              <Button small variant="secondary" busy={retrying === message.id} disabled={retrying !== undefined} onClick={() => onRetry(message)}>
                Retry
              </Button>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
