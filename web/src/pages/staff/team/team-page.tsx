import { useState } from 'react';
import { shopApi } from '../../../api/staff-api.js';
import type { Member } from '../../../api/types.js';
import { useTitle } from '../../../router/router.js';
import { ProblemAlert } from '../../../ui/problem-alert.js';
import { isProblem } from '../../../ui/problem-text.js';
import { Button, SkeletonLines } from '../../../ui/status.js';
import { useAsync } from '../../../ui/use-async.js';
import { useSession } from '../session.js';
import { Invitations } from './invitations.js';

/** Who may sign in to this franchise, with which role and for which locations. */
export function TeamPage() {
  useTitle('Team');
  const { franchise, location, me } = useSession();
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
      <Invitations franchiseId={fid} locations={franchise.locations} locationId={location?.id} />
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
