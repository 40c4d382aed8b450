import { Type } from 'typebox';
import type { Static } from 'typebox';
import { Email, Uuid } from '../../http/common-schemas.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../auth/auth.service.js';
import { LinkToken } from '../auth/auth.schemas.js';

const Role = Type.Union([Type.Literal('owner'), Type.Literal('manager'), Type.Literal('barber')]);

export const InviteBody = Type.Object(
  {
    email: Email,
    role: Role,
    locationIds: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 500, description: 'omit for every location' })),
    barberId: Type.Optional(Uuid),
  },
  { additionalProperties: false, description: 'barberId (role barber only): the column the sign-in is tied to once accepted' },
);

/** What the inviter sees: only what they typed, never whether the email has an account or whose it is. */
export const InvitationSchema = Type.Object({
  id: Uuid,
  email: Type.String(),
  role: Role,
  locationIds: Type.Array(Uuid),
  allLocations: Type.Boolean(),
  barberId: Type.Union([Uuid, Type.Null()]),
  status: Type.Literal('pending'),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
});
export type InvitationView = Static<typeof InvitationSchema>;

export const InvitationList = Type.Object({ invitations: Type.Array(InvitationSchema) });

export const InvitationParams = Type.Object({ franchiseId: Uuid, invitationId: Uuid });
export const TokenParams = Type.Object({ token: LinkToken });

/** Shown to the holder of the link (the invited person), never to the inviter. */
export const InvitationPreviewSchema = Type.Object({
  franchiseId: Uuid,
  franchiseName: Type.String(),
  email: Type.String(),
  role: Role,
  expiresAt: Type.String({ format: 'date-time' }),
  accountExists: Type.Boolean({ description: 'true: sign in as this email, then accept; false: accept with a name and a password' }),
});
export type InvitationPreview = Static<typeof InvitationPreviewSchema>;

export const AcceptBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    password: Type.Optional(Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })),
  },
  { additionalProperties: false, description: 'empty when signed in as the invited email; name and password to create the account' },
);

export const AcceptedSchema = Type.Object({ franchiseId: Uuid, role: Role, barberId: Type.Union([Uuid, Type.Null()]) });
export type Accepted = Static<typeof AcceptedSchema>;
