import { useState } from 'react';
import type { FormEvent } from 'react';
import { shopApi } from '../../../api/staff-api.js';
import type { Invitation, Role } from '../../../api/types.js';
import { SelectField, TextField } from '../../../ui/field.js';
import { ProblemAlert } from '../../../ui/problem-alert.js';
import { fieldError } from '../../../ui/problem-text.js';
import { Button, SkeletonLines } from '../../../ui/status.js';
import { useAsync } from '../../../ui/use-async.js';

export const ROLE_WORDS: Readonly<Record<Role, string>> = {
  owner: 'Owner: everything, every location',
  manager: 'Manager: services, barbers, hours and numbers',
  barber: 'Barber: their own column, time off and numbers',
};

interface Props {
  readonly franchiseId: string;
  readonly locations: readonly { id: string; name: string }[];
  /** The location whose barbers can be named as the invited person's column. */
  readonly locationId: string | undefined;
}

/**
 * Invite by email, and the invitations still waiting. The answer never says
 * whether the email already has an account: the person accepts from the link.
 */
export function Invitations({ franchiseId, locations, locationId: shownLocation }: Props) {
  const pending = useAsync((signal) => shopApi.invitations(franchiseId, signal), [franchiseId]);
  const columns = useAsync((signal) => (shownLocation ? shopApi.barbers(franchiseId, shownLocation, signal) : Promise.resolve([])), [franchiseId, shownLocation]);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('barber');
  const [locationId, setLocationId] = useState('');
  const [barberId, setBarberId] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const [sent, setSent] = useState<string>();
  const invitations = pending.state.data ?? [];
  const freeColumns = (columns.state.data ?? []).filter((barber) => barber.userId === null && barber.isActive);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    setSent(undefined);
    try {
      const created = await shopApi.invite(franchiseId, {
        email: email.trim(),
        role,
        ...(locationId && { locationIds: [locationId] }),
        ...(role === 'barber' && barberId && { barberId }),
      });
      pending.set([created, ...invitations.filter((item) => item.email !== created.email)]);
      setSent(created.email);
      setEmail('');
      setBarberId('');
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (invitation: Invitation): Promise<void> => {
    setProblem(undefined);
    try {
      await shopApi.revokeInvitation(franchiseId, invitation.id);
      pending.set(invitations.filter((item) => item.id !== invitation.id));
    } catch (error) {
      setProblem(error);
    }
  };

  return (
    <section className="card">
      <h2 className="card__title">Invite a team member</h2>
      <p className="small muted">We email them a link. Nothing is granted until they accept it; a new person creates their account from the link.</p>
      <form className="inline-form" onSubmit={(event) => void submit(event)} noValidate>
        <TextField label="Email" type="email" value={email} onChange={(event) => setEmail(event.target.value)} error={fieldError(problem, 'email')} />
        <SelectField label="Role" value={role} onChange={(event) => setRole(event.target.value as Role)} error={fieldError(problem, 'role')}>
          {(Object.keys(ROLE_WORDS) as Role[]).map((item) => (
            <option key={item} value={item}>
              {ROLE_WORDS[item]}
            </option>
          ))}
        </SelectField>
        <SelectField label="Locations" value={locationId} onChange={(event) => setLocationId(event.target.value)} error={fieldError(problem, 'locationIds')}>
          <option value="">All locations</option>
          {locations.map((item) => (
            <option key={item.id} value={item.id}>
              Only {item.name}
            </option>
          ))}
        </SelectField>
        {role === 'barber' && freeColumns.length > 0 && (
          <SelectField label="Their column" value={barberId} onChange={(event) => setBarberId(event.target.value)} error={fieldError(problem, 'barberId')}>
            <option value="">Match by email</option>
            {freeColumns.map((barber) => (
              <option key={barber.id} value={barber.id}>
                {barber.name}
              </option>
            ))}
          </SelectField>
        )}
        <Button type="submit" busy={busy} disabled={!email.trim()}>
          Send invitation
        </Button>
      </form>
      <ProblemAlert error={problem} shownPaths={['email', 'role', 'locationIds', 'barberId']} />
      {sent && (
        <p className="alert alert--success" role="status">
          Invitation sent to {sent}.
        </p>
      )}
      <h3 className="card__title">Waiting for an answer</h3>
      {pending.state.status === 'loading' && <SkeletonLines lines={2} height="2rem" />}
      {pending.state.status === 'error' && <ProblemAlert error={pending.state.error} />}
      {pending.state.status === 'ready' && invitations.length === 0 && <p className="small muted">No pending invitations.</p>}
      <ul className="list-plain" data-testid="pending-invitations">
        {invitations.map((invitation) => (
          <li key={invitation.id} className="row-item">
            <span>
              {invitation.email} <span className="badge">{invitation.role}</span>{' '}
              <span className="small muted">until {new Date(invitation.expiresAt).toLocaleDateString()}</span>
            </span>
            <Button variant="secondary" small onClick={() => void revoke(invitation)}>
              Revoke
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
