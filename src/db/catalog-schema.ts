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
