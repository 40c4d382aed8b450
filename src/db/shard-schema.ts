import type { ColumnType, Generated } from 'kysely';

/** Row types of every shard database (src/db/migrations/shard). */
export interface ShardDatabase {
  locations: LocationsTable;
  barbers: BarbersTable;
  services: ServicesTable;
  barber_services: BarberServicesTable;
  weekly_hours: WeeklyHoursTable;
  weekly_hours_versions: WeeklyHoursVersionsTable;
  time_off: TimeOffTable;
  clients: ClientsTable;
  appointments: AppointmentsTable;
  appointment_series: AppointmentSeriesTable;
  idempotency_keys: IdempotencyKeysTable;
  audit_log: AuditLogTable;
  outbox: OutboxTable;
  location_message_settings: LocationMessageSettingsTable;
  message_suppressions: MessageSuppressionsTable;
}

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;
/** A nullable column that an insert may leave out. */
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export type AppointmentStatus = 'booked' | 'checked_in' | 'completed' | 'cancelled' | 'no_show';

export interface LocationsTable {
  franchise_id: string;
  id: string;
  slug: string;
  name: string;
  timezone: string;
  currency: string;
  address: ColumnType<LocationAddress | null, string | null, string | null>;
  min_notice_minutes: Generated<number>;
  horizon_days: Generated<number>;
  cancellation_window_hours: Generated<number>;
  slot_step_minutes: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface LocationAddress {
  readonly line1?: string;
  readonly line2?: string;
  readonly city?: string;
  readonly region?: string;
  readonly postalCode?: string;
  readonly country?: string;
}

export interface BarbersTable {
  franchise_id: string;
  id: string;
  location_id: string;
  name: string;
  email: string | null;
  user_id: string | null;
  is_active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ServicesTable {
  franchise_id: string;
  id: string;
  location_id: string;
  name: string;
  duration_minutes: number;
  price_cents: number;
  deposit_cents: Generated<number>;
  buffer_minutes: Generated<number>;
  is_active: Generated<boolean>;
  sort_order: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface BarberServicesTable {
  franchise_id: string;
  barber_id: string;
  service_id: string;
}

export interface WeeklyHoursTable {
  franchise_id: string;
  id: string;
  barber_id: string;
  /** ISO weekday, Monday = 1. */
  weekday: number;
  /** Wall-clock 'HH:MM:SS' in the location's zone. */
  start_time: string;
  end_time: string;
}

/** One version of a barber's weekly hours, in force from a local date until the next version (migration 0007). */
export interface WeeklyHoursVersionsTable {
  franchise_id: string;
  barber_id: string;
  /** 'YYYY-MM-DD' in the location's zone. */
  effective_from: ColumnType<string, string, string>;
  hours: ColumnType<readonly { weekday: number; start: string; end: string }[], string, string>;
  created_at: CreatedAt;
}

export interface TimeOffTable {
  franchise_id: string;
  id: string;
  barber_id: string;
  starts_at: Date;
  ends_at: Date;
  reason: string | null;
  created_at: CreatedAt;
}

export interface ClientsTable {
  franchise_id: string;
  id: string;
  email: string;
  name: string;
  phone: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface AppointmentsTable {
  franchise_id: string;
  id: string;
  location_id: string;
  barber_id: string;
  service_id: string;
  client_id: string;
  starts_at: Date;
  ends_at: Date;
  blocked_until: Date;
  status: ColumnType<AppointmentStatus, AppointmentStatus | undefined, AppointmentStatus>;
  price_cents: number;
  deposit_cents: Generated<number>;
  currency: string;
  notes: string | null;
  /** As given with an online booking; the client record may say otherwise. */
  client_name: ColumnType<string | null, string | null | undefined, string | null>;
  client_phone: ColumnType<string | null, string | null | undefined, string | null>;
  source: ColumnType<AppointmentSource, AppointmentSource | undefined, never>;
  /** The repeat this occurrence belongs to (0008_appointment_series.sql). */
  series_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  cancelled_at: Date | null;
  /** The status before the last staff change, while that change may be undone (migration 0007). */
  previous_status: ColumnType<'booked' | 'checked_in' | null, 'booked' | 'checked_in' | null | undefined, 'booked' | 'checked_in' | null>;
  status_changed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  cancellation_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export type AppointmentSource = 'online' | 'staff' | 'import' | 'walk_in';

export interface AppointmentSeriesTable {
  franchise_id: string;
  id: string;
  location_id: string;
  barber_id: string;
  service_id: string;
  client_id: string;
  every_weeks: number;
  first_start: Date;
  occurrences: number;
  created_at: CreatedAt;
}

export interface IdempotencyKeysTable {
  franchise_id: string;
  key: string;
  request_hash: string;
  status_code: number;
  response: ColumnType<unknown, string, never>;
  created_at: CreatedAt;
}

export interface AuditLogTable {
  franchise_id: string;
  id: string;
  actor_kind: 'user' | 'client' | 'system';
  actor_user_id: string | null;
  action: string;
  entity: string;
  entity_id: string;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
  created_at: CreatedAt;
}

export type OutboxKind = 'confirmation' | 'reschedule' | 'cancellation' | 'reminder' | 'barber_notice' | 'invitation' | 'password_reset' | 'receipt';
export type OutboxChannel = 'email' | 'sms';
/** `logged`: no provider is configured; rendered and stored as it would have been sent. */
export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'failed' | 'dead' | 'skipped' | 'logged';

export interface OutboxTable {
  franchise_id: string;
  id: string;
  location_id: string;
  appointment_id: string | null;
  appointment_starts_at: Nullable<Date>;
  kind: OutboxKind;
  channel: OutboxChannel;
  recipient: string;
  dedupe_key: string;
  send_after: Date;
  status: ColumnType<OutboxStatus, OutboxStatus | undefined, OutboxStatus>;
  attempts: Generated<number>;
  lease_owner: Nullable<string>;
  lease_expires_at: Nullable<Date>;
  last_error: Nullable<string>;
  provider_message_id: Nullable<string>;
  subject: Nullable<string>;
  body_text: Nullable<string>;
  body_html: Nullable<string>;
  sent_at: Nullable<Date>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface LocationMessageSettingsTable {
  franchise_id: string;
  location_id: string;
  reminder_offsets_minutes: ColumnType<number[], number[] | undefined, number[]>;
  sms_enabled: Generated<boolean>;
  /** PostgreSQL `time`: read back as "HH:MM:SS". */
  quiet_start: ColumnType<string, string | undefined, string>;
  quiet_end: ColumnType<string, string | undefined, string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type SuppressionReason = 'unsubscribe' | 'stop';

export interface MessageSuppressionsTable {
  franchise_id: string;
  channel: OutboxChannel;
  recipient: string;
  reason: SuppressionReason;
  created_at: CreatedAt;
}
