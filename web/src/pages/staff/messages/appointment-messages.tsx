import { messagesApi } from '../../../api/messages-api.js';
import { ProblemAlert } from '../../../ui/problem-alert.js';
import { SkeletonLines } from '../../../ui/status.js';
import { useAsync } from '../../../ui/use-async.js';
import { MessageList } from './message-list.js';
import './messages.css';

/** The messages of one booking, in the appointment dialog. */
export function AppointmentMessages({ franchiseId, appointmentId }: { readonly franchiseId: string; readonly appointmentId: string }) {
  const { state } = useAsync((signal) => messagesApi.forAppointment(franchiseId, appointmentId, signal), [franchiseId, appointmentId]);
  return (
    <section className="appointment-messages" aria-label="Messages">
      <h3 className="appointment-messages__title">Messages</h3>
      {state.status === 'loading' && <SkeletonLines lines={2} />}
      {state.status === 'error' && <ProblemAlert error={state.error} title="We could not load the messages." />}
      {state.status === 'ready' &&
        (state.data.length === 0 ? <p className="small muted">No messages for this booking.</p> : <MessageList messages={state.data} />)}
    </section>
  );
}
