import { Type } from 'typebox';
import { DateOrInstant, Email, FreeText, Instant, LocalDate, Uuid } from '../../http/common-schemas.js';

const Name = Type.String({ minLength: 1, maxLength: 100 });

export const CreateBarberBody = Type.Object(
  {
    name: Name,
    locationId: Uuid,
    email: Type.Optional(Email),
    serviceIds: Type.Optional(Type.Array(Uuid, { maxItems: 200, description: 'default: every active service of the location' })),
  },
  { additionalProperties: false },
);

export const UpdateBarberBody = Type.Object(
  {
    name: Type.Optional(Name),
    email: Type.Optional(Type.Union([Email, Type.Null()])),
    isActive: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const WeeklyIntervalSchema = Type.Object(
  {
    weekday: Type.Integer({ minimum: 1, maximum: 7, description: 'ISO weekday, Monday = 1' }),
    start: Type.String({ pattern: '^\\d{2}:\\d{2}$', description: 'HH:MM, local time of the location' }),
    end: Type.String({ pattern: '^\\d{2}:\\d{2}$', description: 'HH:MM, after start, same day' }),
  },
  { additionalProperties: false },
);

export const ScheduleBody = Type.Object(
  {
    weekly: Type.Array(WeeklyIntervalSchema, { maxItems: 70 }),
    serviceIds: Type.Array(Uuid, { maxItems: 200 }),
    // The local date from which the new hours hold; default today. Past numbers keep the hours in force before it.
    effectiveFrom: Type.Optional(LocalDate),
  },
  { additionalProperties: false },
);

export const ScheduleSchema = Type.Object({
  barberId: Uuid,
  weekly: Type.Array(WeeklyIntervalSchema),
  serviceIds: Type.Array(Uuid),
});

export const BarberSchema = Type.Object({
  id: Uuid,
  locationId: Uuid,
  name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  isActive: Type.Boolean(),
  userId: Type.Union([Uuid, Type.Null()]),
  serviceIds: Type.Array(Uuid),
  weekly: Type.Array(WeeklyIntervalSchema),
});

export const BarberParams = Type.Object({ franchiseId: Uuid, barberId: Uuid });
export const TimeOffParams = Type.Object({ franchiseId: Uuid, barberId: Uuid, timeOffId: Uuid });
export const BarberListQuery = Type.Object({ locationId: Type.Optional(Uuid) });

export const TimeOffBody = Type.Object(
  {
    start: Instant,
    end: Instant,
    reason: Type.Optional(FreeText({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const TimeOffQuery = Type.Object(
  {
    from: Type.Optional(DateOrInstant),
    to: Type.Optional(DateOrInstant),
  },
);

export const TimeOffSchema = Type.Object({
  id: Uuid,
  barberId: Uuid,
  start: Type.String(),
  end: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
});

export const CreatedTimeOffSchema = Type.Object({
  id: Uuid,
  barberId: Uuid,
  start: Type.String(),
  end: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  conflictingAppointments: Type.Integer({ description: 'booked or checked-in appointments inside the time off; they are kept' }),
});
