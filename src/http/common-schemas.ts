import { Type } from 'typebox';
import { CONTROL_CHARACTERS } from './control-characters.js';
import type { ControlCharacterRule } from './control-characters.js';

/** Schema pieces shared by route modules. Format checks here; meaning checks (Feb 30, zones) in services. */
export const Uuid = Type.String({ format: 'uuid', description: 'UUID' });

/**
 * Every date and instant a request carries uses one of the three schemas below,
 * bounded to years 1900–2999: well inside PostgreSQL's range (it has no year 0),
 * and a day or a few weeks of arithmetic past either end stays a 4-digit year.
 * Real calendar checks (Feb 30, 25:00) stay in the services.
 */
const YEAR = '(19\\d{2}|2\\d{3})';
const DATE = `${YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])`;
const TIME = 'T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?([Zz]|[+-]\\d{2}:?\\d{2})';

export const Instant = Type.String({
  description: 'ISO 8601 instant with an offset or Z, years 1900–2999, e.g. 2027-03-14T09:00:00-04:00',
  pattern: `^${DATE}${TIME}$`,
});

export const LocalDate = Type.String({ description: 'Calendar date YYYY-MM-DD, years 1900–2999', pattern: `^${DATE}$` });

export const DateOrInstant = Type.String({
  description: 'a date YYYY-MM-DD (read in the location zone) or an ISO 8601 instant with an offset, years 1900–2999',
  pattern: `^${DATE}(${TIME})?$`,
});

/** Text a person may write over several lines (notes, reasons): tab and line breaks allowed, other control characters refused. */
export const FreeText = (options: { readonly maxLength: number }) =>
  Type.String({ ...options, [CONTROL_CHARACTERS]: 'tab-and-line-breaks' satisfies ControlCharacterRule });

export const Slug = Type.String({ minLength: 2, maxLength: 64, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', description: 'lower-case letters, digits and dashes' });

export const Email = Type.String({ format: 'email', maxLength: 254 });

export const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code' });

export const Cents = Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'integer minor units' });

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    requestId: Type.String(),
    code: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  },
  { additionalProperties: true, description: 'RFC 9457 problem (application/problem+json)' },
);

/** Response entries for the usual error statuses, so OpenAPI lists them. */
export function problemResponses(...statuses: readonly number[]): Record<number, typeof ProblemSchema> {
  return Object.fromEntries(statuses.map((status) => [status, ProblemSchema]));
}
