import { Type } from 'typebox';

/** Schema pieces shared by route modules. Format checks here; meaning checks (Feb 30, zones) in services. */
export const Uuid = Type.String({ format: 'uuid', description: 'UUID' });

export const Instant = Type.String({
  description: 'ISO 8601 instant with an offset or Z, e.g. 2027-03-14T09:00:00-04:00',
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?([Zz]|[+-]\\d{2}:?\\d{2})$',
});

export const LocalDate = Type.String({ description: 'Calendar date YYYY-MM-DD', pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

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
