import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SessionStore } from '../../src/sessions/session-store.js';

export interface ContractOptions {
  readonly ttlSeconds: number;
  readonly absoluteSeconds?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What every SessionStore must do, run against each implementation (memory and
 * Redis) so that the embedded default and production behave the same.
 */
export function describeSessionStoreContract(name: string, makeStore: (options: ContractOptions) => SessionStore | Promise<SessionStore>): void {
  describe(`SessionStore contract: ${name}`, () => {
    const store = (ttlSeconds = 3600, absoluteSeconds?: number): Promise<SessionStore> =>
      Promise.resolve(makeStore({ ttlSeconds, ...(absoluteSeconds !== undefined && { absoluteSeconds }) }));

    it('creates a session that touch finds again', async () => {
      const sessions = await store();
      const userId = randomUUID();
      const session = await sessions.create(userId);
      expect(session.userId).toBe(userId);
      expect(session.id.length).toBeGreaterThanOrEqual(32);
      expect(Math.abs(session.createdAt - Date.now())).toBeLessThan(5000);
      expect(await sessions.touch(session.id)).toEqual(session);
    });

    it('gives every sign-in its own id', async () => {
      const sessions = await store();
      const userId = randomUUID();
      const [first, second] = await Promise.all([sessions.create(userId), sessions.create(userId)]);
      expect(first.id).not.toBe(second.id);
    });

    it('answers null for unknown or malformed ids', async () => {
      const sessions = await store();
      const real = await sessions.create(randomUUID());
      expect(await sessions.touch(`${real.id.slice(0, -1)}${real.id.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
      expect(await sessions.touch('')).toBeNull();
      expect(await sessions.touch('not-a-session')).toBeNull();
      expect(await sessions.touch('{x}.y')).toBeNull();
    });

    it('delete signs out one session and leaves the others', async () => {
      const sessions = await store();
      const userId = randomUUID();
      const phone = await sessions.create(userId);
      const laptop = await sessions.create(userId);
      await sessions.delete(phone.id);
      expect(await sessions.touch(phone.id)).toBeNull();
      expect(await sessions.touch(laptop.id)).not.toBeNull();
      await sessions.delete(phone.id); // twice is fine
      await sessions.delete('unknown');
    });

    it('deleteAllForUser signs that user out everywhere, and nobody else', async () => {
      const sessions = await store();
      const userId = randomUUID();
      const other = await sessions.create(randomUUID());
      const mine = await Promise.all([sessions.create(userId), sessions.create(userId), sessions.create(userId)]);
      await sessions.deleteAllForUser(userId);
      for (const session of mine) expect(await sessions.touch(session.id)).toBeNull();
      expect(await sessions.touch(other.id)).not.toBeNull();
      await sessions.deleteAllForUser(randomUUID()); // a user without sessions
    });

    it('reports its TTL', async () => {
      expect((await store(123)).ttlSeconds).toBe(123);
    });

    it('expires a session that is not used for ttlSeconds', async () => {
      const sessions = await store(1);
      const session = await sessions.create(randomUUID());
      await sleep(1200);
      expect(await sessions.touch(session.id)).toBeNull();
    });

    it('slides: every touch extends the session by ttlSeconds', async () => {
      const sessions = await store(2);
      const session = await sessions.create(randomUUID());
      await sleep(1200);
      expect(await sessions.touch(session.id)).not.toBeNull();
      await sleep(1200); // 2.4 s after creation, 1.2 s after the touch
      expect(await sessions.touch(session.id)).not.toBeNull();
    });

    it('ends a busy session at its absolute lifetime, however often it is touched', async () => {
      const sessions = await store(3600, 2);
      expect(sessions.absoluteSeconds).toBe(2);
      const session = await sessions.create(randomUUID());
      await sleep(1000);
      expect(await sessions.touch(session.id)).not.toBeNull();
      await sleep(1200); // used a moment ago, but 2.2 s after sign-in
      expect(await sessions.touch(session.id)).toBeNull();
      expect(await sessions.touch(session.id)).toBeNull();
    });
  });
}
