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

/** /app/forgot-password — asks for a link; the page says the same whether or not the email has an account. */
export function ForgotPasswordPage() {
  useTitle('Reset your password');
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string>();
  const { busy, problem, run } = useSubmit();
  const submit = (event: FormEvent): Promise<void> => {
    event.preventDefault();
    return run(async () => {
      await authApi.requestReset(email.trim());
      setSentTo(email.trim());
    });
  };
  return (
    <AuthLayout title="Reset your password" footer={<Link to="/app/signin">Back to sign in</Link>}>
      {sentTo ? (
        <p className="alert alert--success" role="status" data-testid="reset-requested">
          If an account uses {sentTo}, we have emailed it a link. It works once, for an hour.
        </p>
      ) : (
        <form onSubmit={(event) => void submit(event)} noValidate>
          <TextField label="Email" type="email" autoComplete="email" value={email} onChange={(event) => setEmail(event.target.value)} error={fieldError(problem, 'email')} required />
          <ProblemAlert error={problem} shownPaths={['email']} />
          <Button type="submit" block busy={busy} disabled={!email.trim()}>
            Email me a link
          </Button>
        </form>
      )}
    </AuthLayout>
  );
}

/** /app/reset-password/:token — the emailed link: a new password, then every session of the account ends. */
export function ResetPasswordPage({ token }: { readonly token: string }) {
  useTitle('Choose a new password');
  const [password, setPassword] = useState('');
  const { busy, problem, run } = useSubmit({ leavesOnSuccess: true });
  const submit = (event: FormEvent): Promise<void> => {
    event.preventDefault();
    return run(async () => {
      await authApi.confirmReset({ token, password });
      navigate('/app/signin?reset=1', { replace: true });
    });
  };
  return (
    <AuthLayout title="Choose a new password" footer={<Link to="/app/signin">Back to sign in</Link>}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          hint="At least 10 characters. You will be signed out on every device."
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={fieldError(problem, 'password')}
          required
        />
        {isProblem(problem, 'LinkInvalid') ? (
          <div className="alert alert--error" role="alert">
            <p>
              This link has expired or was already used. <Link to="/app/forgot-password">Ask for a new one</Link>.
            </p>
          </div>
        ) : (
          <ProblemAlert error={problem} shownPaths={['password']} />
        )}
        <Button type="submit" block busy={busy}>
          Set the new password
        </Button>
      </form>
    </AuthLayout>
  );
}
