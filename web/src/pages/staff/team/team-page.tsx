import { useState } from 'react';
import type { FormEvent } from 'react';
import { shopApi } from '../../../api/staff-api.js';
import type { Member, Role } from '../../../api/types.js';
import { useTitle } from '../../../router/router.js';
import { SelectField, TextField } from '../../../ui/field.js';
import { ProblemAlert } from '../../../ui/problem-alert.js';
import { fieldError, isProblem } from '../../../ui/problem-text.js';
import { Button, SkeletonLines } from '../../../ui/status.js';
import { useAsync } from '../../../ui/use-async.js';
import { useSession } from '../session.js';

const ROLE_WORDS: Readonly<Record<Role, string>> = {
  owner: 'Owner: everything, every location',
  manager: 'Manager: services, barbers, hours and numbers',
  barber: 'Barber: the calendar',
};

/** Who may sign in to this franchise, with which role and for which locations. */
export function TeamPage() {
  useTitle('Team');
  const { franchise, me } = useSession();
  const fid = franchise?.id ?? '';
  const { state, set } = useAsync((signal) => shopApi.members(fid, signal), [fid]);
  const [problem, setProblem] = useState<unknown>();
  const [removing, setRemoving] = useState<string>();
  if (!franchise) return null;
  const members = state.data ?? [];
  const locationName = (id: string): string => franchise.locations.find((item) => item.id === id)?.name ?? 'another location';

  const remove = async (member: Member): Promise<void> => {
    setRemoving(member.userId);
    setProblem(undefined);
    try {
      await shopApi.removeMember(fid, member.userId);
      set(members.filter((item) => item.userId !== member.userId));
    } catch (error) {
      setProblem(error);
    } finally {
      setRemoving(undefined);
    }
  };

  return (
    <div>
      <div className="page-header">
        <h1>Team</h1>
      </div>
      <AddMember franchiseId={fid} locations={franchise.locations} onAdded={(member) => set([...members.filter((m) => m.userId !== member.userId), member])} />
      <section className="card">
        <h2 className="card__title">Members</h2>
        {state.status === 'loading' && <SkeletonLines lines={3} height="2.5rem" />}
        {state.status === 'error' && <ProblemAlert error={state.error} />}
        {isProblem(problem, 'InvalidStateTransition') || isProblem(problem, 'AlreadyExists') ? (
          <p className="alert alert--error" role="alert">
            {(problem as { detail: string }).detail}
          </p>
        ) : (
          <ProblemAlert error={problem} />
        )}
        <ul className="list-plain">
          {members.map((member) => (
            <li key={member.userId} className="row-item">
              <span>
                <strong>{member.name || member.email}</strong> <span className="muted">{member.email}</span>
                <br />
                <span className="badge">{member.role}</span>{' '}
                <span className="small muted">{member.allLocations ? 'All locations' : member.locationIds.map(locationName).join(', ')}</span>
              </span>
              {member.userId !== me.id && (
                <Button variant="ghost" small busy={removing === member.userId} onClick={() => void remove(member)} aria-label={`Remove ${member.email}`}>
                  Remove
                </Button>
              )}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function AddMember({ franchiseId, locations, onAdded }: { readonly franchiseId: string; readonly locations: readonly { id: string; name: string }[]; readonly onAdded: (member: Member) => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('barber');
  const [locationId, setLocationId] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const [added, setAdded] = useState<string>();
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    setAdded(undefined);
    try {
      const member = await shopApi.addMember(franchiseId, { email: email.trim(), role, ...(locationId && { locationIds: [locationId] }) });
      onAdded(member);
      setAdded(member.email);
      setEmail('');
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };
  const unknownEmail = isProblem(problem, 'NotFound');
  return (
    <section className="card">
      <h2 className="card__title">Add a team member</h2>
      <p className="small muted">They need an account first: ask them to sign up at {window.location.origin}/app/signup, then add their email here.</p>
      <form className="inline-form" onSubmit={(event) => void submit(event)} noValidate>
        <TextField label="Email" type="email" value={email} onChange={(event) => setEmail(event.target.value)} error={unknownEmail ? 'No account uses this email yet. Ask them to sign up first.' : fieldError(problem, 'email')} />
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
        <Button type="submit" busy={busy} disabled={!email.trim()}>
          Add
        </Button>
      </form>
      {!unknownEmail && <ProblemAlert error={problem} shownPaths={['email', 'role', 'locationIds']} />}
      {added && (
        <p className="alert alert--success" role="status">
          {added} can now sign in to this franchise.
        </p>
      )}
    </section>
  );
}
