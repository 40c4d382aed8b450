import { Type } from 'typebox';
import { Email, Uuid } from '../../http/common-schemas.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './auth.service.js';

export const SignupBody = Type.Object(
  {
    email: Email,
    password: Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);

// No length rule on login: an old account's password must keep working if the rules change.
export const LoginBody = Type.Object(
  {
    email: Email,
    password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
  },
  { additionalProperties: false },
);

/** Logout reads nothing, but a body that is sent must be JSON and empty: a form or text/plain post from another page is refused. */
export const LogoutBody = Type.Object({}, { additionalProperties: false, description: 'empty; may be left out' });

export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
    newPassword: Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH }),
  },
  { additionalProperties: false },
);

export const PasswordResetRequestBody = Type.Object({ email: Email }, { additionalProperties: false });

/** The token of an emailed link (src/shared/link-tokens.ts). */
export const LinkToken = Type.String({ pattern: '^[A-Za-z0-9_-]{47}$', description: 'the token from the emailed link' });

export const PasswordResetConfirmBody = Type.Object(
  {
    token: LinkToken,
    password: Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH }),
  },
  { additionalProperties: false },
);

export const UserSchema = Type.Object({ id: Uuid, email: Type.String(), name: Type.String() });

export const MembershipSchema = Type.Object({
  franchiseId: Uuid,
  franchiseName: Type.String(),
  role: Type.Union([Type.Literal('owner'), Type.Literal('manager'), Type.Literal('barber')]),
  locationIds: Type.Array(Uuid, { description: 'the locations the membership covers (all of them when allLocations)' }),
  allLocations: Type.Boolean({ description: 'true: every location of the franchise, including ones added later' }),
});

export const MeSchema = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  memberships: Type.Array(MembershipSchema),
});
