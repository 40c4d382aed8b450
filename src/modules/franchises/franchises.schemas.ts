import { Type } from 'typebox';
import { Slug, Uuid } from '../../http/common-schemas.js';
import { LocationSchema } from '../locations/locations.schemas.js';

export const CreateFranchiseBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    slug: Slug,
    region: Type.String({ minLength: 1, maxLength: 64, description: 'one of the configured regions (REGIONS)' }),
  },
  { additionalProperties: false },
);

export const FranchiseSchema = Type.Object({ id: Uuid, name: Type.String(), slug: Type.String(), region: Type.String() });

export const FranchiseDetailSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  slug: Type.String(),
  region: Type.String(),
  role: Type.Union([Type.Literal('owner'), Type.Literal('manager'), Type.Literal('barber')]),
  locations: Type.Array(LocationSchema),
});
