import { Type } from 'typebox';
import { Currency, Slug, Uuid } from '../../http/common-schemas.js';

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

export const AddressSchema = Type.Object(
  {
    line1: Type.Optional(Text(200)),
    line2: Type.Optional(Text(200)),
    city: Type.Optional(Text(100)),
    region: Type.Optional(Text(100)),
    postalCode: Type.Optional(Text(20)),
    country: Type.Optional(Text(100)),
  },
  { additionalProperties: false },
);

/** The database's CHECK ranges, so a bad value is a 400 with a field path, never a constraint error. */
const policyFields = {
  minNoticeMinutes: Type.Integer({ minimum: 0, maximum: 43_200, description: 'default 60' }),
  horizonDays: Type.Integer({ minimum: 1, maximum: 730, description: 'default 90' }),
  cancellationWindowHours: Type.Integer({ minimum: 0, maximum: 720, description: 'default 24' }),
  slotStepMinutes: Type.Integer({ minimum: 5, maximum: 240, description: 'default 15' }),
};

export const PolicyInput = Type.Object(
  {
    minNoticeMinutes: Type.Optional(policyFields.minNoticeMinutes),
    horizonDays: Type.Optional(policyFields.horizonDays),
    cancellationWindowHours: Type.Optional(policyFields.cancellationWindowHours),
    slotStepMinutes: Type.Optional(policyFields.slotStepMinutes),
  },
  { additionalProperties: false },
);
export const PolicySchema = Type.Object(policyFields);

export const CreateLocationBody = Type.Object(
  {
    name: Text(100),
    slug: Slug,
    timezone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. America/New_York' }),
    currency: Currency,
    address: Type.Optional(AddressSchema),
    policy: Type.Optional(PolicyInput),
  },
  { additionalProperties: false },
);

export const UpdateLocationBody = Type.Object(
  {
    name: Type.Optional(Text(100)),
    currency: Type.Optional(Currency),
    address: Type.Optional(Type.Union([AddressSchema, Type.Null()])),
    policy: Type.Optional(PolicyInput),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const LocationSchema = Type.Object({
  id: Uuid,
  franchiseId: Uuid,
  slug: Type.String(),
  name: Type.String(),
  timezone: Type.String(),
  currency: Type.String(),
  address: Type.Union([AddressSchema, Type.Null()]),
  policy: PolicySchema,
});

