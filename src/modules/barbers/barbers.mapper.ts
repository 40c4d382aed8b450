import type { BarberRow } from './barbers.repository.js';
import type { WeeklyInterval } from './schedule-rules.js';

export interface BarberView {
  readonly id: string;
  readonly locationId: string;
  readonly name: string;
  readonly email: string | null;
  readonly isActive: boolean;
  /** The member account of this barber, when one is linked (by email). */
  readonly userId: string | null;
  readonly serviceIds: string[];
  readonly weekly: WeeklyInterval[];
}

export function toBarberView(row: BarberRow, serviceIds: readonly string[], weekly: readonly WeeklyInterval[]): BarberView {
  return {
    id: row.id,
    locationId: row.location_id,
    name: row.name,
    email: row.email,
    isActive: row.is_active,
    userId: row.user_id,
    serviceIds: [...serviceIds],
    weekly: [...weekly],
  };
}
