import type { LocationAddress } from '../../db/shard-schema.js';
import type { LocationPolicy } from './locations.repository.js';
import type { LocationRow } from '../../shared/location-rows.repository.js';

export interface LocationView {
  readonly id: string;
  readonly franchiseId: string;
  readonly slug: string;
  readonly name: string;
  readonly timezone: string;
  readonly currency: string;
  readonly address: LocationAddress | null;
  readonly policy: LocationPolicy;
}

export function toLocationView(row: LocationRow): LocationView {
  return {
    id: row.id,
    franchiseId: row.franchise_id,
    slug: row.slug,
    name: row.name,
    timezone: row.timezone,
    currency: row.currency,
    address: row.address,
    policy: {
      minNoticeMinutes: row.min_notice_minutes,
      horizonDays: row.horizon_days,
      cancellationWindowHours: row.cancellation_window_hours,
      slotStepMinutes: row.slot_step_minutes,
    },
  };
}
