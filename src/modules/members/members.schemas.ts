import { Type } from 'typebox';
import { Email, Uuid } from '../../http/common-schemas.js';

export const Role = Type.Union([Type.Literal('owner'), Type.Literal('manager'), Type.Literal('barber')]);

export const AddMemberBody = Type.Object(
  {
    email: Email,
    role: Role,
    locationIds: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 500, description: 'omit for every location' })),
  },
  { additionalProperties: false },
);

export const MemberSchema = Type.Object({
  userId: Uuid,
  email: Type.String(),
  name: Type.String(),
  role: Role,
  locationIds: Type.Array(Uuid),
  allLocations: Type.Boolean(),
});

export const MemberParams = Type.Object({ franchiseId: Uuid, userId: Uuid });
