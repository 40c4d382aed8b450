import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/clock.js';
import { book, bookOk } from '../../../test/support/bookings.js';
import { makeShop } from '../../../test/support/factories.js';
import type { Shop } from '../../../test/support/factories.js';
import { startSmtpSink } from '../../../test/support/smtp-sink.js';
import type { SmtpSink } from '../../../test/support/smtp-sink.js';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import type { OutboxWorkerHandle } from './notifications.js';
import { listByAppointment } from './outbox.repository.js';


describe('reminders and exactly-once queueing, with a controllable clock', () => {
  let sink: SmtpSink;
  let tp: TestPlatform;
  let shop: Shop;
  let outbox: OutboxWorkerHandle;
  const clock = fixedClock('2030-06-03T13:00:00Z'); // Monday 09:00 in New York

  beforeAll(async () => {
    sink = await startSmtpSink();
    tp = await createTestPlatform({ clock, env: { SMTP_URL: sink.url, PUBLIC_BASE_URL: 'https://book.example.test' } });
    shop = await makeShop(tp, { name: 'Clockwork Cuts' });
    outbox = tp.platform.outboxWorker({ options: { backoffBaseMs: 1_000, maxAttempts: 3 } });
  });
  afterAll(async () => {
    await outbox?.close();
    await tp?.close();
    await sink?.close();
  });

  const subjectsTo = (email: string): string[] => sink.received.filter((m) => JSON.stringify(m.parsed.to ?? '').includes(email)).map((m) => (m.parsed.subject ?? '').split(':')[0] ?? '');
  const at = (iso: string): void => clock.set(iso);
  const rows = async (id: string) => listByAppointment((await tp.platform.core.router.primaryFor(shop.franchiseId)).db, shop.franchiseId, id);

  it('a booking 25 h ahead gets its 24 h reminder at the right time, and the 2 h one later', async () => {
    at('2030-06-03T13:00:00Z');
    const email = 'ahead@example.test';
    // Tuesday 10:00 New York = 14:00Z, 25 h from now.
    const booking = await bookOk(tp, shop, { start: '2030-06-04T10:00:00-04:00', email, barberId: shop.barberIds[0] });
    await outbox.worker.drainOnce();
    await sink.waitForMatching((m) => JSON.stringify(m.parsed.to).includes(email));
    expect(subjectsTo(email)).toEqual(['Booked']);

    at('2030-06-03T13:59:00Z'); // one minute before the 24 h reminder is due
    await outbox.worker.drainOnce();
    expect(subjectsTo(email)).toEqual(['Booked']);
    at('2030-06-03T14:00:00Z');
    await outbox.worker.drainOnce();
    await sink.waitForMatching((m) => JSON.stringify(m.parsed.to).includes(email), 2);
    expect(subjectsTo(email)).toEqual(['Booked', 'Reminder']);
    at('2030-06-04T12:00:00Z');
    await outbox.worker.drainOnce();
    await sink.waitForMatching((m) => JSON.stringify(m.parsed.to).includes(email), 3);
    expect(subjectsTo(email)).toEqual(['Booked', 'Reminder', 'Reminder']);
    const reminders = (await rows(booking.id)).filter((r) => r.kind === 'reminder');
    expect(reminders.map((r) => [r.status, r.sentAt?.toISOString()])).toEqual([
      ['sent', '2030-06-03T14:00:00.000Z'],
      ['sent', '2030-06-04T12:00:00.000Z'],
    ]);
  });

  it('a cancelled booking gets no reminder, and its reminders are recorded as skipped', async () => {
    at('2030-06-10T13:00:00Z');
    const email = 'cancels@example.test';
    const booking = await bookOk(tp, shop, { start: '2030-06-12T10:00:00-04:00', email, barberId: shop.barberIds[0] });
    const cancel = await tp.app.inject({ method: 'POST', url: `/api/v1/bookings/${booking.manageToken}/cancel` });
    expect(cancel.statusCode, cancel.body).toBe(200);
    at('2030-06-12T15:00:00Z'); // after both reminder times
    await outbox.worker.drainOnce();
    await sink.waitForMatching((m) => JSON.stringify(m.parsed.to).includes(email), 1);
    // The confirmation was not sent before the cancellation: only the cancellation notice goes.
    expect(subjectsTo(email)).toEqual(['Cancelled']);
    const byKind = (await rows(booking.id)).map((r) => `${r.kind}:${r.status}`).sort();
    expect(byKind).toEqual(['cancellation:sent', 'confirmation:skipped', 'reminder:skipped', 'reminder:skipped']);
  });

  it('a rescheduled booking is reminded of the new time only', async () => {
    at('2030-06-17T13:00:00Z');
    const email = 'moves@example.test';
    const booking = await bookOk(tp, shop, { start: '2030-06-19T10:00:00-04:00', email, barberId: shop.barberIds[0] });
    await outbox.worker.drainOnce();
    const moved = await tp.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${booking.manageToken}/reschedule`,
      payload: { start: '2030-06-20T11:00:00-04:00', barberId: shop.barberIds[0] },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    at('2030-06-19T14:30:00Z'); // past the old time's reminders, before the new 24 h one
    await outbox.worker.drainOnce();
    at('2030-06-19T15:00:00Z'); // the new time's 24 h reminder
    await outbox.worker.drainOnce();
    await sink.waitForMatching((m) => JSON.stringify(m.parsed.to).includes(email), 3);
    expect(subjectsTo(email)).toEqual(['Booked', 'Moved', 'Reminder']);
    const reminder = sink.received.filter((m) => JSON.stringify(m.parsed.to).includes(email)).at(-1);
    expect(reminder?.parsed.text).toContain('Thursday, June 20, 2030, 11:00 AM EDT');
  });

  it('the same Idempotency-Key retried queues one confirmation', async () => {
    at('2030-06-24T13:00:00Z');
    const email = 'retry@example.test';
    const options = { start: '2030-06-26T10:00:00-04:00', email, barberId: shop.barberIds[0], key: 'retry-key-1' };
    const answers = await Promise.all([book(tp, shop, options), book(tp, shop, options), book(tp, shop, options)]);
    const ids = new Set(answers.filter((a) => a.statusCode === 201).map((a) => (a.json() as { id: string }).id));
    expect(ids.size).toBe(1);
    const again = await book(tp, shop, options);
    expect(again.statusCode).toBe(201);
    const id = [...ids][0] as string;
    const confirmations = (await rows(id)).filter((r) => r.kind === 'confirmation');
    expect(confirmations).toHaveLength(1);
    await outbox.worker.drainOnce();
    await sink.waitForMatching((m) => JSON.stringify(m.parsed.to).includes(email));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(subjectsTo(email)).toEqual(['Booked']);
  });

  it('an SMTP server refusing: the booking is not held up, the message is retried with backoff, then sent; past the last attempt it is dead', async () => {
    at('2030-07-01T13:00:00Z');
    await sink.setMode('refuse');
    const email = 'refused@example.test';
    const booking = await bookOk(tp, shop, { start: '2030-07-03T10:00:00-04:00', email, barberId: shop.barberIds[0] });
    await outbox.worker.drainOnce();
    let [confirmation] = (await rows(booking.id)).filter((r) => r.kind === 'confirmation');
    expect(confirmation).toMatchObject({ status: 'failed', attempts: 1 });
    expect(confirmation?.lastError).toMatch(/451/);
    expect(confirmation!.sendAfter.getTime()).toBeGreaterThan(clock.now().getTime());
    await sink.setMode('accept');
    at(new Date(clock.now().getTime() + 2_000).toISOString());
    await outbox.worker.drainOnce();
    [confirmation] = (await rows(booking.id)).filter((r) => r.kind === 'confirmation');
    expect(confirmation).toMatchObject({ status: 'sent', attempts: 2 });

    await sink.setMode('refuse');
    const doomed = await bookOk(tp, shop, { start: '2030-07-03T11:00:00-04:00', email: 'doomed@example.test', barberId: shop.barberIds[0] });
    for (let i = 0; i < 4; i++) {
      await outbox.worker.drainOnce();
      at(new Date(clock.now().getTime() + 10_000).toISOString());
    }
    await sink.setMode('accept');
    const [dead] = (await rows(doomed.id)).filter((r) => r.kind === 'confirmation');
    expect(dead).toMatchObject({ status: 'dead', attempts: 3 });
    expect(dead?.lastError).toMatch(/451/);
    expect(dead?.subject).toContain('Booked');
  });

  it('several workers at once never send a message twice', async () => {
    at('2030-07-08T13:00:00Z');
    const emails: string[] = [];
    for (let i = 0; i < 12; i++) {
      const email = `crowd-${i}@example.test`;
      emails.push(email);
      await bookOk(tp, shop, { start: `2030-07-${String(9 + (i % 4)).padStart(2, '0')}T${String(10 + Math.floor(i / 4)).padStart(2, '0')}:00:00-04:00`, email, barberId: shop.barberIds[i % 2] });
    }
    const workers = [0, 1, 2, 3].map(() => tp.platform.outboxWorker({ options: { batchSize: 2, concurrency: 2 } }));
    await Promise.all(workers.map((w) => w.worker.drainOnce()));
    await Promise.all(workers.map((w) => w.close()));
    await sink.waitForMatching((m) => emails.some((e) => JSON.stringify(m.parsed.to).includes(e)), 12);
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const email of emails) expect(subjectsTo(email), email).toEqual(['Booked']);
  });

  it('a worker that died mid-send: after the lease the message is resent once, with the same Message-ID', async () => {
    at('2030-07-15T13:00:00Z');
    const email = 'doubt@example.test';
    const booking = await bookOk(tp, shop, { start: '2030-07-17T10:00:00-04:00', email, barberId: shop.barberIds[0] });
    const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
    // A worker claimed the confirmation and died (SIGKILL) before recording the outcome: the row says `sending`.
    await sql`UPDATE outbox SET status = 'sending', lease_owner = 'dead-worker', lease_expires_at = ${new Date(clock.now().getTime() + 60_000)}, attempts = 1
              WHERE franchise_id = ${shop.franchiseId} AND appointment_id = ${booking.id} AND kind = 'confirmation'`.execute(db);
    await outbox.worker.drainOnce();
    expect(subjectsTo(email)).toEqual([]); // the lease still holds
    at(new Date(clock.now().getTime() + 61_000).toISOString());
    await outbox.worker.drainOnce();
    const [mail] = await sink.waitForMatching((m) => JSON.stringify(m.parsed.to).includes(email));
    const [row] = (await rows(booking.id)).filter((r) => r.kind === 'confirmation');
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    // Had the dead worker's send reached the server, both copies carry this id: the receiver sees one message twice.
    expect(mail?.parsed.messageId).toBe(`<${row?.id}@bookedbarber.local>`);
    const metrics = await tp.platform.core.metrics.render();
    expect(metrics).toMatch(/notifications_total\{channel="email",kind="confirmation",outcome="doubtful"\} 1/);
  });

  it('a franchise fenced by a move is not dispatched until the fence is lifted', async () => {
    at('2030-07-22T13:00:00Z');
    const fenced = await makeShop(tp, { name: 'Fenced Fades' });
    const email = 'fenced@example.test';
    await bookOk(tp, fenced, { start: '2030-07-24T10:00:00-04:00', email, barberId: fenced.barberIds[0] });
    const { db } = await tp.platform.core.router.primaryFor(fenced.franchiseId);
    await sql`INSERT INTO franchise_fence (franchise_id, state) VALUES (${fenced.franchiseId}, 'fenced')`.execute(db);
    await outbox.worker.drainOnce();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(subjectsTo(email)).toEqual([]);
    await sql`UPDATE franchise_fence SET state = 'active' WHERE franchise_id = ${fenced.franchiseId}`.execute(db);
    await outbox.worker.drainOnce();
    await sink.waitForMatching((m) => JSON.stringify(m.parsed.to).includes(email));
    expect(subjectsTo(email)).toEqual(['Booked']);
  });
});
