import { Type } from 'typebox';
import { LocalDate } from '../../http/common-schemas.js';

const Money = Type.Object({ currency: Type.String(), cents: Type.Integer() });
const Totals = {
  franchises: Type.Integer(),
  bookings: Type.Integer(),
  completed: Type.Integer(),
  cancelled: Type.Integer(),
  revenue: Type.Array(Money),
};

export const PlatformReportQuery = Type.Object(
  {
    from: Type.Optional(LocalDate),
    to: Type.Optional(LocalDate),
  },
  { additionalProperties: false },
);

export const PlatformReportSchema = Type.Object({
  from: Type.String({ description: 'UTC instant, inclusive' }),
  to: Type.String({ description: 'UTC instant, exclusive' }),
  partial: Type.Boolean({ description: 'true when a shard did not answer in time; its franchises are left out of the sums' }),
  missingShards: Type.Array(Type.Object({ shardId: Type.String(), region: Type.String(), reason: Type.String() })),
  byRegion: Type.Array(Type.Object({ region: Type.String(), ...Totals })),
  byShard: Type.Array(Type.Object({ shardId: Type.String(), region: Type.String(), answered: Type.Boolean(), ...Totals })),
  totals: Type.Object(Totals),
});
