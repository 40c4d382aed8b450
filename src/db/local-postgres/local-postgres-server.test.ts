import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { findFreePort, startLocalPostgres } from './local-postgres-server.js';
import type { LocalPostgresServer } from './local-postgres-server.js';

function freshDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'bookedbarber-pg-test-'));
}

async function query(server: LocalPostgresServer, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: server.connectionString('postgres') });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('findFreePort', () => {
  it('returns a bindable loopback port', async () => {
    const port = await findFreePort();
    expect(port).toBeGreaterThan(0);
    expect(await portIsClosed(port)).toBe(true);
  });
});

describe('startLocalPostgres', () => {
  it('runs a throwaway server and removes it on stop', { timeout: 120_000 }, async () => {
    // Nested below a 0700 mkdtemp folder: as root, the launcher must create the missing
    // parents for its service user and make the temp folder traversable.
    const parent = await freshDir();
    const dataDir = path.join(parent, 'nested', 'pg');
    const progress: string[] = [];
    const server = await startLocalPostgres({
      dataDir,
      port: 0,
      persistent: false,
      onProgress: (message) => progress.push(message),
    });
    try {
      expect(server.host).toBe('127.0.0.1');
      expect(server.port).toBeGreaterThan(0);
      expect(server.connectionString('app')).toBe(`postgres://postgres:postgres@127.0.0.1:${server.port}/app`);
      await query(server, 'CREATE EXTENSION btree_gist');
      expect((await query(server, 'SHOW wal_level')).rows).toEqual([{ wal_level: 'logical' }]);
      expect((await query(server, 'SHOW fsync')).rows).toEqual([{ fsync: 'off' }]);
      expect(progress.some((line) => line.startsWith('starting PostgreSQL on 127.0.0.1:'))).toBe(true);
    } finally {
      await server.stop();
    }
    await server.stop(); // idempotent
    expect(existsSync(dataDir)).toBe(false);
    expect(await portIsClosed(server.port)).toBe(true);
    await fs.rm(parent, { recursive: true, force: true });
  });

  it('keeps data of a persistent server across restarts', { timeout: 120_000 }, async () => {
    const dataDir = await freshDir();
    try {
      const options = { dataDir, port: 0, persistent: true, user: 'barber', password: 'p@ss word/1' } as const;
      const first = await startLocalPostgres(options);
      try {
        await query(first, 'CREATE TABLE kept (id int PRIMARY KEY)');
        await query(first, 'INSERT INTO kept VALUES (42)');
        expect((await query(first, 'SHOW fsync')).rows).toEqual([{ fsync: 'on' }]);
        // A second server on the same data dir must be refused, not corrupt it.
        await expect(startLocalPostgres(options)).rejects.toThrow(/already running/);
      } finally {
        await first.stop();
      }
      expect(existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true);

      const second = await startLocalPostgres(options);
      try {
        expect((await query(second, 'SELECT id FROM kept')).rows).toEqual([{ id: 42 }]);
      } finally {
        await second.stop();
      }
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
