import { useState } from 'react';
import type { FormEvent } from 'react';
import { authApi } from '../../../api/staff-api.js';
import { useTitle } from '../../../router/router.js';
import { TextField } from '../../../ui/field.js';
import { ProblemAlert } from '../../../ui/problem-alert.js';
import { fieldError } from '../../../ui/problem-text.js';
import { Button } from '../../../ui/status.js';
import { useSubmit } from '../../../ui/use-submit.js';
import { useSession } from '../session.js';

/** /app/account — every role: the password (changing it signs out every other device). */
export function AccountPage() {
  useTitle('Your account');
  const { me } = useSession();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [done, setDone] = useState(false);
  const { busy, problem, run } = useSubmit();
  const submit = (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setDone(false);
    return run(async () => {
      await authApi.changePassword({ currentPassword, newPassword });
      setCurrent('');
      setNew('');
      setDone(true);
    });
  };
  return (
    <div>
      <div className="page-header">
        <h1>Your account</h1>
      </div>
      <section className="card">
        <h2 className="card__title">Password</h2>
        <p className="small muted">Signed in as {me.email}. Changing the password signs you out on every other device.</p>
        <form onSubmit={(event) => void submit(event)} noValidate>
          <TextField
            label="Current password"
            type="password"
            autoComplete="current-password"
            value={currentPassword}
            onChange={(event) => setCurrent(event.target.value)}
            error={fieldError(problem, 'currentPassword')}
            required
          />
          <TextField
            label="New password"
            type="password"
            autoComplete="new-password"
            hint="At least 10 characters."
            value={newPassword}
            onChange={(event) => setNew(event.target.value)}
            error={fieldError(problem, 'newPassword')}
            required
          />
          <ProblemAlert error={problem} shownPaths={['currentPassword', 'newPassword']} />
          <Button type="submit" busy={busy} disabled={!currentPassword || !newPassword}>
            Change password
          </Button>
        </form>
        {done && (
          <p className="alert alert--success" role="status">
            Password changed. Other devices have been signed out.
          </p>
        )}
      </section>
    </div>
  );
}
