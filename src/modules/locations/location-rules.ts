import type { FieldError } from '../../errors/domain-error.js';
import { isTimeZone } from '../../time/instants.js';

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** Meaning checks the schema cannot make: a real IANA zone, a real ISO 4217 code. */
export function locationFieldErrors(input: { readonly timezone?: string | undefined; readonly currency?: string | undefined }): FieldError[] {
  const errors: FieldError[] = [];
  if (input.timezone !== undefined && !isTimeZone(input.timezone)) {
    errors.push({ field: 'timezone', message: `"${input.timezone}" is not an IANA time zone such as America/New_York` });
  }
  if (input.currency !== undefined && !CURRENCIES.has(input.currency)) {
    errors.push({ field: 'currency', message: `"${input.currency}" is not an ISO 4217 currency code` });
  }
  return errors;
}
