import type { ColumnType, Generated } from 'kysely';

/** Row types of the catalog database (src/db/migrations/catalog). */
export interface CatalogDatabase {
  regions: RegionsTable;
  shards: ShardsTable;
  franchises: FranchisesTable;
  location_directory: LocationDirectoryTable;
  users: UsersTable;
  memberships: MembershipsTable;
  platform_settings: PlatformSettingsTable;
  signing_keys: SigningKeysTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
  account_messages: AccountMessagesTable;
}

type CreatedAt = ColumnType<Date, Date | undefined, never>;

export type ShardState = 'active' | 'draining' | 'readonly';
export type MembershipRole = 'owner' | 'manager' | 'barber';

export interface RegionsTable {
  name: string;
  created_at: CreatedAt;
}

export interface ShardsTable {
  id: string;
  region: string;
  primary_url: string;
  replica_urls: ColumnType<string[], string[] | undefined, string[]>;
  state: ColumnType<ShardState, ShardState | undefined, ShardState>;
  weight: ColumnType<number, number | undefined, number>;
  accepts_any_region: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
}

export interface FranchisesTable {
  id: string;
  slug: string;
  name: string;
  region: string;
  shard_id: string;
  placement_version: ColumnType<string, number | undefined, number | string>;
  created_at: CreatedAt;
}

export interface LocationDirectoryTable {
  id: string;
  franchise_id: string;
  slug: string;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  is_platform_admin: Generated<boolean>;
  created_at: CreatedAt;
}

export interface MembershipsTable {
  user_id: string;
  franchise_id: string;
  role: MembershipRole;
  location_ids: string[] | null;
  created_at: CreatedAt;
}

export interface PlatformSettingsTable {
  key: string;
  value: string;
}

/** Keys for manage links and the read-your-writes cookie; the newest unretired one signs. */
export interface SigningKeysTable {
  id: number;
  secret: string;
  created_at: CreatedAt;
  retired_at: Date | null;
}

/** A pending grant of a membership (0005_invitations_and_resets.sql). */
export interface InvitationsTable {
  id: string;
  franchise_id: string;
  email: string;
  role: MembershipRole;
  location_ids: string[] | null;
  barber_id: string | null;
  invited_by: string;
  created_at: CreatedAt;
  expires_at: Date;
  accepted_at: Date | null;
  accepted_by: string | null;
  revoked_at: Date | null;
}

export interface PasswordResetsTable {
  id: string;
  user_id: string;
  created_at: CreatedAt;
  expires_at: Date;
  used_at: Date | null;
}

export type AccountMessageStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'failed' | 'dead' | 'skipped' | 'logged';

/** The catalog's outbox for messages about an account (password resets); same shape as the shards' outbox. */
export interface AccountMessagesTable {
  id: string;
  kind: 'password_reset';
  channel: ColumnType<'email', 'email' | undefined, 'email'>;
  recipient: string;
  user_id: string | null;
  subject_id: string;
  dedupe_key: string;
  send_after: ColumnType<Date, Date | undefined, Date>;
  status: ColumnType<AccountMessageStatus, AccountMessageStatus | undefined, AccountMessageStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  lease_owner: string | null;
  lease_expires_at: Date | null;
  last_error: string | null;
  provider_message_id: string | null;
  subject: string | null;
  body_text: string | null;
  body_html: string | null;
  sent_at: Date | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
