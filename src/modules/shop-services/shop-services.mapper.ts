import type { ServiceRow } from './shop-services.repository.js';

export interface ShopServiceView {
  readonly id: string;
  readonly locationId: string;
  readonly name: string;
  readonly durationMinutes: number;
  readonly priceCents: number;
  readonly depositCents: number;
  readonly bufferMinutes: number;
  readonly isActive: boolean;
  readonly sortOrder: number;
  /** Barbers who perform it. */
  readonly barberIds: string[];
}

export function toShopServiceView(row: ServiceRow, barberIds: readonly string[]): ShopServiceView {
  return {
    id: row.id,
    locationId: row.location_id,
    name: row.name,
    durationMinutes: row.duration_minutes,
    priceCents: row.price_cents,
    depositCents: row.deposit_cents,
    bufferMinutes: row.buffer_minutes,
    isActive: row.is_active,
    sortOrder: row.sort_order,
    barberIds: [...barberIds],
  };
}
