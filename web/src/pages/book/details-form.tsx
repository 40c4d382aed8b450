import { useState } from 'react';
import type { FormEvent } from 'react';
import { TextField, TextareaField } from '../../ui/field.js';
import { fieldError } from '../../ui/problem-text.js';
import type { ClientDetails } from './booking-state.js';

interface Props {
  readonly initial: ClientDetails | undefined;
  /** A problem from the last booking attempt, whose field errors belong here. */
  readonly problem: unknown;
  readonly onSubmit: (details: ClientDetails) => void;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9(][0-9 ().-]{4,31}$/;

type Errors = Partial<Record<keyof ClientDetails, string>>;

function check(details: ClientDetails): Errors {
  const errors: Errors = {};
  if (!details.name.trim()) errors.name = 'Please tell us your name.';
  if (!EMAIL.test(details.email.trim())) errors.email = 'Enter an email address like name@example.com.';
  if (details.phone.trim() && !PHONE.test(details.phone.trim())) errors.phone = 'Use digits, spaces and + ( ) - only, like +1 555 010 2030.';
  if (details.notes.length > 500) errors.notes = 'Please keep notes under 500 characters.';
  return errors;
}

/** Name, email, phone: checked here first, and the API's own field errors shown beside the same fields. */
export function DetailsForm({ initial, problem, onSubmit }: Props) {
  const [details, setDetails] = useState<ClientDetails>(initial ?? { name: '', email: '', phone: '', notes: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [submitted, setSubmitted] = useState(false);
  const update = (key: keyof ClientDetails) => (event: { target: { value: string } }) => {
    const next = { ...details, [key]: event.target.value };
    setDetails(next);
    if (submitted) setErrors(check(next));
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setSubmitted(true);
    const found = check(details);
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(`client-${first}`)?.focus();
      return;
    }
    onSubmit({ name: details.name.trim(), email: details.email.trim(), phone: details.phone.trim(), notes: details.notes.trim() });
  };
  const apiError = (path: string) => (submitted ? undefined : fieldError(problem, path));

  return (
    <form onSubmit={submit} noValidate className="details-form">
      <div className="grid-2">
        <TextField id="client-name" label="Your name" value={details.name} onChange={update('name')} autoComplete="name" error={errors.name ?? apiError('client.name')} />
        <TextField
          id="client-email"
          label="Email"
          type="email"
          inputMode="email"
          value={details.email}
          onChange={update('email')}
          autoComplete="email"
          hint="For your confirmation; never shared."
          error={errors.email ?? apiError('client.email')}
        />
      </div>
      <TextField
        id="client-phone"
        label="Phone"
        optional
        type="tel"
        value={details.phone}
        onChange={update('phone')}
        autoComplete="tel"
        hint="Only if the shop needs to reach you about this visit."
        error={errors.phone ?? apiError('client.phone')}
      />
      <TextareaField id="client-notes" label="Notes for the barber" optional value={details.notes} onChange={update('notes')} rows={2} error={errors.notes ?? apiError('notes')} />
      <button type="submit" className="button">
        Continue
      </button>
    </form>
  );
}
