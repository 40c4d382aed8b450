import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const CATALOG_TEMPLATE = 'bb_catalog_template';
export const SHARD_TEMPLATE = 'bb_shard_template';

export interface TestServerInfo {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

export function databaseUrl(server: TestServerInfo, database: string): string {
  return `postgres://${encodeURIComponent(server.user)}:${encodeURIComponent(server.password)}@${server.host}:${server.port}/${database}`;
}

/** A fresh, migrated database copied from a template; returns its URL. */
export async function createDatabaseFrom(server: TestServerInfo, template: string, prefix: string): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl(server, 'postgres') });
  await admin.connect();
  try {
    // Two copies of one template at the same instant can collide ("being accessed by other users"): retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
      }
    }
  } finally {
    await admin.end();
  }
  return databaseUrl(server, name);
}
