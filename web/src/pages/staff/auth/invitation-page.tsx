import { useState } from 'react';
import type { FormEvent } from 'react';
import { authApi } from '../../../api/staff-api.js';
import type { InvitationPreview } from '../../../api/types.js';
import { ApiProblem } from '../../../api/http.js';
import { Link, navigate, useTitle } from '../../../router/router.js';
import { TextField } from '../../../ui/field.js';
import { ProblemAlert } from '../../../ui/problem-alert.js';
import { fieldError, isProblem } from '../../../ui/problem-text.js';
import { Button, SkeletonLines } from '../../../ui/status.js';
import { useAsync } from '../../../ui/use-async.js';
import { useSubmit } from '../../../ui/use-submit.js';
import { rememberFranchise } from '../session.js';
import { AuthLayout } from './auth-layout.js';

const ROLE_NAME = { owner: 'an owner', manager: 'a manager', barber: 'a barber' } as const;

/** /app/invitation/:token — the emailed link: accept, creating the account when the email has none. */
export function InvitationPage({ token }: { readonly token: string }) {
  useTitle('Your invitation');
  const { state } = useAsync(
    async (signal) => {
      const invitation = await authApi.invitation(token, signal);
      const me = await authApi.me(signal).catch((error: unknown) => {
        if (error instanceof ApiProblem && error.status === 401) return null;
        throw error;
      });
      return { invitation, me };
    },
    [token],
  );
  return (
    <AuthLayout
      title="Join your team"
      footer={
        <>
          Not expecting this? You can ignore it: nothing happens until you accept. <Link to="/app/signin">Sign in</Link>
        </>
      }
    >
      {state.status === 'loading' && <SkeletonLines lines={4} />}
      {state.status === 'error' &&
        (isProblem(state.error, 'LinkInvalid') ? (
          <div className="alert alert--error" role="alert">
            <p>This invitation link has expired, was replaced or has been used. Ask whoever invited you to send a new one.</p>
          </div>
        ) : (
          <ProblemAlert error={state.error} />
        ))}
      {state.status === 'ready' && <AcceptForm token={token} invitation={state.data.invitation} signedInAs={state.data.me?.email ?? null} />}
    </AuthLayout>
  );
}

function AcceptForm({ token, invitation, signedInAs }: { readonly token: string; readonly invitation: InvitationPreview; readonly signedInAs: string | null }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const { busy, problem, run } = useSubmit({ leavesOnSuccess: true });
  const isThem = signedInAs === invitation.email;
  const mustSignIn = invitation.accountExists && !isThem;

  const submit = (event: FormEvent): Promise<void> => {
    event.preventDefault();
    return run(async () => {
      if (mustSignIn) await authApi.login({ email: invitation.email, password });
      const accepted = await authApi.acceptInvitation(token, isThem || mustSignIn ? {} : { name: name.trim() || undefined, password });
      // Open the franchise just joined, not whichever one this account had first.
      rememberFranchise(accepted.franchiseId);
      navigate('/app/calendar', { replace: true });
    });
  };

  if (signedInAs && !isThem) {
    // Accepting needs the invited email's own session: offer to leave this one rather than fail with 403.
    const signOut = async (): Promise<void> => {
      await authApi.logout();
      window.location.reload();
    };
    return (
      <div data-testid="accept-invitation">
        <p>
          <strong>{invitation.franchiseName}</strong> invites <strong>{invitation.email}</strong> to join as {ROLE_NAME[invitation.role]}.
        </p>
        <p className="alert alert--warning">You are signed in as {signedInAs}. Sign out to accept this invitation as {invitation.email}.</p>
        <Button block onClick={() => void signOut()}>
          Sign out and continue
        </Button>
      </div>
    );
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate data-testid="accept-invitation">
      <p>
        <strong>{invitation.franchiseName}</strong> invites <strong>{invitation.email}</strong> to join as {ROLE_NAME[invitation.role]}.
      </p>
      {!isThem && !invitation.accountExists && (
        <>
          <TextField label="Your name" autoComplete="name" value={name} onChange={(event) => setName(event.target.value)} error={fieldError(problem, 'name')} optional />
          <TextField
            label="Choose a password"
            type="password"
            autoComplete="new-password"
            hint="At least 10 characters."
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            error={fieldError(problem, 'password')}
            required
          />
        </>
      )}
      {mustSignIn && (
        <TextField
          label={`Password for ${invitation.email}`}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={fieldError(problem, 'password')}
          required
        />
      )}
      {isProblem(problem, 'InvalidCredentials') ? (
        <div className="alert alert--error" role="alert">
          <p>That password does not match. <Link to="/app/forgot-password">Forgot it?</Link></p>
        </div>
      ) : (
        <ProblemAlert error={problem} shownPaths={['name', 'password']} />
      )}
      <Button type="submit" block busy={busy}>
        {mustSignIn ? 'Sign in and accept' : isThem ? 'Accept the invitation' : 'Create my account and accept'}
      </Button>
    </form>
  );
}
