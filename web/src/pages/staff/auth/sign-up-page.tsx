import { useState } from 'react';
import type { FormEvent } from 'react';
import { authApi } from '../../../api/staff-api.js';
import { Link, navigate, useTitle } from '../../../router/router.js';
import { TextField } from '../../../ui/field.js';
import { ProblemAlert } from '../../../ui/problem-alert.js';
import { fieldError, isProblem } from '../../../ui/problem-text.js';
import { Button } from '../../../ui/status.js';
import { useSubmit } from '../../../ui/use-submit.js';
import { AuthLayout } from './auth-layout.js';

// The server's rule (auth.service PASSWORD_MIN_LENGTH); it checks again and its message wins.
const MIN_PASSWORD = 10;

/** A new account; the guided setup follows at once. */
export function SignUpPage() {
  useTitle('Create your shop');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, problem, run } = useSubmit({ leavesOnSuccess: true });
  const [localError, setLocalError] = useState<string>();

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (password.length < MIN_PASSWORD) {
      setLocalError(`Use at least ${MIN_PASSWORD} characters.`);
      return;
    }
    setLocalError(undefined);
    await run(async () => {
      await authApi.signup({ email: email.trim(), password, ...(name.trim() && { name: name.trim() }) });
      navigate('/app/setup', { replace: true });
    });
  };

  const emailTaken = isProblem(problem, 'AlreadyExists');
  return (
    <AuthLayout
      title="Create your shop"
      footer={
        <>
          Already have an account? <Link to="/app/signin">Sign in</Link>
        </>
      }
    >
      <p className="muted">First your account; then a two-minute setup of your shop, services, barbers and hours.</p>
      <p className="alert alert--info small" data-testid="invited-hint">
        Joining a shop as a barber or manager? Do not sign up here: open the invitation link your shop emailed you, and it creates your account.
      </p>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <TextField label="Your name" autoComplete="name" value={name} onChange={(event) => setName(event.target.value)} error={fieldError(problem, 'name')} />
        <TextField
          label="Email"
          type="email"
          autoComplete="email"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={emailTaken ? 'An account with this email exists already. Sign in instead.' : fieldError(problem, 'email')}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          hint={`At least ${MIN_PASSWORD} characters.`}
          error={localError ?? fieldError(problem, 'password')}
        />
        {!emailTaken && <ProblemAlert error={problem} shownPaths={['name', 'email', 'password']} />}
        <Button type="submit" block busy={busy}>
          Create account
        </Button>
      </form>
    </AuthLayout>
  );
}
