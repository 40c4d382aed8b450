import { useState } from 'react';
import type { FormEvent } from 'react';
import { authApi } from '../../../api/staff-api.js';
import { Link, navigate, useLocation, useTitle } from '../../../router/router.js';
import { TextField } from '../../../ui/field.js';
import { ProblemAlert } from '../../../ui/problem-alert.js';
import { fieldError, isProblem } from '../../../ui/problem-text.js';
import { Button } from '../../../ui/status.js';
import { useSubmit } from '../../../ui/use-submit.js';
import { AuthLayout } from './auth-layout.js';

/** Only same-site paths under /app are followed after sign-in (no open redirect). */
export function safeNext(next: string | null): string {
  return next && /^\/app(\/[\w\-/]*)?$/.test(next) ? next : '/app';
}

export function SignInPage() {
  useTitle('Sign in');
  const { query } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, problem, run } = useSubmit({ leavesOnSuccess: true });

  const submit = (event: FormEvent): Promise<void> => {
    event.preventDefault();
    return run(async () => {
      await authApi.login({ email: email.trim(), password });
      navigate(safeNext(query.get('next')), { replace: true });
    });
  };

  return (
    <AuthLayout
      title="Sign in to your shop"
      footer={
        <>
          New here? <Link to="/app/signup">Create your shop</Link>
        </>
      }
    >
      {query.get('reset') === '1' && (
        <p className="alert alert--success" role="status">
          Your password is changed. Sign in with the new one.
        </p>
      )}
      <form onSubmit={(event) => void submit(event)} noValidate>
        <TextField label="Email" type="email" autoComplete="email" value={email} onChange={(event) => setEmail(event.target.value)} error={fieldError(problem, 'email')} required />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={fieldError(problem, 'password')}
          required
        />
        {isProblem(problem, 'InvalidCredentials') ? (
          <div className="alert alert--error" role="alert">
            <p>That email and password do not match an account. Check both and try again.</p>
          </div>
        ) : (
          <ProblemAlert error={problem} shownPaths={['email', 'password']} />
        )}
        <Button type="submit" block busy={busy}>
          Sign in
        </Button>
        <p className="small auth__aside">
          <Link to="/app/forgot-password">Forgot your password?</Link>
        </p>
      </form>
    </AuthLayout>
  );
}
