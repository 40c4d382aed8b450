import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../support/cli-process.js';
import { bookOk } from '../support/bookings.js';
import { makeShop } from '../support/factories.js';
import type { Shop } from '../support/factories.js';
import { startSmtpSink } from '../support/smtp-sink.js';
import type { SmtpSink } from '../support/smtp-sink.js';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';

const MESSAGES = 24;

/** `bookedbarber worker` as its own process, as an operator runs it. */
function startWorker(catalogUrl: string, smtpUrl: string): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, 'worker'], {
    env: { ...process.env, CATALOG_DATABASE_URL: catalogUrl, SMTP_URL: smtpUrl, OUTBOX_LEASE_MS: '3000', OUTBOX_POLL_MS: '100', LOG_LEVEL: 'warn', DEMO_DATA: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('outbox worker processes: SIGKILL mid-batch, then SIGTERM', () => {
  let sink: SmtpSink;
  let tp: TestPlatform;
  let shop: Shop;
  const started: ChildProcess[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
    tp = await createTestPlatform();
    shop = await makeShop(tp, { name: 'Crash Cuts', barbers: 4, policy: { minNoticeMinutes: 0 } });
  });
  afterAll(async () => {
    for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
    await tp?.close();
    await sink?.close();
  });

  it('loses nothing: every message arrives, and only doubtful sends (reclaimed after the lease) arrive twice, with one Message-ID', { timeout: 120_000 }, async () => {
    // Next week, Monday to Saturday, four barbers: every booking its own chair.
    const monday = new Date();
    monday.setUTCDate(monday.getUTCDate() + ((8 - monday.getUTCDay()) % 7) + 7);
    for (let i = 0; i < MESSAGES; i++) {
      const day = new Date(monday.getTime() + Math.floor(i / 4) * 86_400_000).toISOString().slice(0, 10);
      await bookOk(tp, shop, { start: `${day}T${String(10 + (i % 2)).padStart(2, '0')}:00:00-04:00`, email: `crash-${i}@example.test`, barberId: shop.barberIds[Math.floor(i / 2) % 4] as string });
    }
    // Slow acceptance, so the kill lands while sends are in flight.
    await sink.setDelay(250);
    const first = startWorker(tp.catalogUrl, sink.url);
    started.push(first.child);
    await until(() => sink.received.length >= 4, 60_000, 'the first messages');
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    const beforeRestart = sink.received.length;
    expect(beforeRestart).toBeLessThan(MESSAGES);

    const second = startWorker(tp.catalogUrl, sink.url);
    started.push(second.child);
    const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
    const unsent = async (): Promise<number> =>
      Number((await db.selectFrom('outbox').select((eb) => eb.fn.countAll<string>().as('n')).where('franchise_id', '=', shop.franchiseId).where('kind', '=', 'confirmation').where('status', '!=', 'sent').executeTakeFirstOrThrow()).n);
    await until(async () => (await unsent()) === 0, 90_000, 'every confirmation sent');
    second.child.kill('SIGTERM');
    expect(await second.exited, second.output()).toBe(0);
    expect(second.output()).toContain('finishing the sends in flight');

    const rows = await db.selectFrom('outbox').select(['id', 'attempts', 'status']).where('franchise_id', '=', shop.franchiseId).where('kind', '=', 'confirmation').execute();
    expect(rows).toHaveLength(MESSAGES);
    const byMessageId = new Map<string, number>();
    for (const mail of sink.received) byMessageId.set(mail.parsed.messageId ?? '', (byMessageId.get(mail.parsed.messageId ?? '') ?? 0) + 1);
    // Every row arrived, under its own fixed Message-ID.
    for (const row of rows) expect(byMessageId.get(`<${row.id}@bookedbarber.local>`), row.id).toBeGreaterThanOrEqual(1);
    // The dead worker had claimed the whole batch: the rest were taken over after its lease, as doubtful sends.
    expect(rows.filter((row) => row.attempts >= 2).length).toBeGreaterThan(0);
    // A copy arrived twice only when its first holder died mid-send: the row shows the second attempt.
    const twice = rows.filter((row) => (byMessageId.get(`<${row.id}@bookedbarber.local>`) ?? 0) > 1);
    for (const row of twice) expect(row.attempts, row.id).toBeGreaterThanOrEqual(2);
    expect(twice.length).toBeLessThanOrEqual(4); // at most the sends in flight at the kill (concurrency 4)
    expect(sink.received.length).toBe(MESSAGES + twice.length);
  });
});
