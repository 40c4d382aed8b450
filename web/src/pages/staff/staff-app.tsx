import { useEffect } from 'react';
import { authApi } from '../../api/staff-api.js';
import { ApiProblem } from '../../api/http.js';
import { match, navigate } from '../../router/router.js';
import { ProblemAlert } from '../../ui/problem-alert.js';
import { Button, SkeletonLines } from '../../ui/status.js';
import { useAsync } from '../../ui/use-async.js';
import { SignInPage } from './auth/sign-in-page.js';
import { SignUpPage } from './auth/sign-up-page.js';
import { InvitationPage } from './auth/invitation-page.js';
import { ForgotPasswordPage, ResetPasswordPage } from './auth/password-reset-pages.js';
import { AccountPage } from './account/account-page.js';
import { CalendarPage } from './calendar/calendar-page.js';
import { BarbersPage } from './barbers/barbers-page.js';
import { MessagesPage } from './messages/messages-page.js';
import { NumbersPage } from './numbers/numbers-page.js';
import { ServicesPage } from './services/services-page.js';
import { SettingsPage } from './settings/settings-page.js';
import { SetupWizard } from './setup/setup-wizard.js';
import { TeamPage } from './team/team-page.js';
import { SessionProvider, useSession } from './session.js';
import { StaffShell } from './staff-shell.js';
import './staff.css';

/** /app/…: the shop's side. Sign-in pages need no session; everything else does. */
export function StaffApp({ path }: { readonly path: string }) {
  if (path === '/app/signin') return <SignInPage />;
  if (path === '/app/signup') return <SignUpPage />;
  if (path === '/app/forgot-password') return <ForgotPasswordPage />;
  const reset = match('/app/reset-password/:token', path);
  if (reset) return <ResetPasswordPage token={reset.token ?? ''} />;
  const invitation = match('/app/invitation/:token', path);
  if (invitation) return <InvitationPage token={invitation.token ?? ''} />;
  return <SignedIn path={path} />;
}

function SignedIn({ path }: { readonly path: string }) {
  const { state, reload } = useAsync((signal) => authApi.me(signal), []);
  const signedOut = state.status === 'error' && state.error instanceof ApiProblem && state.error.status === 401;
  useEffect(() => {
    if (signedOut) navigate(`/app/signin?next=${encodeURIComponent(window.location.pathname)}`, { replace: true });
  }, [signedOut]);

  if (state.status === 'ready') {
    return (
      <SessionProvider me={state.data}>
        <StaffRoutes path={path} />
      </SessionProvider>
    );
  }
  return (
    <div className="container staff-loading">
      {state.status === 'error' && !signedOut ? (
        <ProblemAlert error={state.error} title="We could not load your account.">
          <Button variant="secondary" small onClick={() => void reload()}>
            Try again
          </Button>
        </ProblemAlert>
      ) : (
        <SkeletonLines lines={5} />
      )}
    </div>
  );
}

function StaffRoutes({ path }: { readonly path: string }) {
  const session = useSession();
  const needsSetup = !session.franchise || session.franchise.locations.length === 0;
  // Without any membership, /app asks rather than sends everyone into creating a business:
  // an invited barber who signed in first is told to open their invitation link.
  const target = path === '/app' || path === '/app/' ? (needsSetup && session.franchise && session.isManager ? '/app/setup' : '/app/calendar') : path;
  useEffect(() => {
    if (target !== path) navigate(target, { replace: true });
  }, [target, path]);

  if (path === '/app/setup') return <SetupWizard />;
  if (needsSetup) {
    return (
      <StaffShell>
        <div className="empty">
          <p className="empty__title">No shop yet</p>
          {!session.franchise ? (
            <>
              <p data-testid="no-membership">Invited to a shop? Open the invitation link from your email to join it.</p>
              <Button variant="secondary" onClick={() => navigate('/app/setup')}>
                Set up a new shop of my own
              </Button>
            </>
          ) : session.isManager ? (
            <Button onClick={() => navigate('/app/setup')}>Set up your shop</Button>
          ) : (
            <p>Ask the owner to add a location for you.</p>
          )}
        </div>
      </StaffShell>
    );
  }
  const page = pageFor(target, session.isManager);
  return <StaffShell>{page}</StaffShell>;
}

function pageFor(path: string, isManager: boolean) {
  switch (path) {
    case '/app/calendar':
      return <CalendarPage />;
    case '/app/messages':
      return <MessagesPage />;
    case '/app/account':
      return <AccountPage />;
    case '/app/numbers':
      return isManager ? <NumbersPage /> : <NotAllowed />;
    case '/app/services':
      return isManager ? <ServicesPage /> : <NotAllowed />;
    case '/app/barbers':
      return isManager ? <BarbersPage /> : <NotAllowed />;
    case '/app/team':
      return isManager ? <TeamPage /> : <NotAllowed />;
    case '/app/settings':
      return isManager ? <SettingsPage /> : <NotAllowed />;
    default:
      return (
        <div className="empty">
          <p className="empty__title">This page does not exist.</p>
          <Button onClick={() => navigate('/app/calendar')}>Go to the calendar</Button>
        </div>
      );
  }
}

function NotAllowed() {
  return (
    <div className="empty">
      <p className="empty__title">Only owners and managers can open this page.</p>
    </div>
  );
}
