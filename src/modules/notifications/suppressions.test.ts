import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/clock.js';
import { bookOk, expectProblem } from '../../../test/support/bookings.js';
import { makeShop } from '../../../test/support/factories.js';
import type { Shop } from '../../../test/support/factories.js';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import type { OutboxWorkerHandle } from './notifications.js';
import { listByAppointment } from './outbox.repository.js';
import { UnsubscribeTokens } from './unsubscribe-token.js';

const HOUR = 3_600_000;
const rowsOf = async (tp: TestPlatform, shop: Shop, appointmentId: string) =>
  listByAppointment((await tp.platform.core.router.primaryFor(shop.franchiseId)).db, shop.franchiseId, appointmentId);
const suppressionsOf = async (tp: TestPlatform, shop: Shop) =>
  (await tp.platform.core.router.primaryFor(shop.franchiseId)).db.selectFrom('message_suppressions').selectAll().where('franchise_id', '=', shop.franchiseId).execute();

describe('one-click unsubscribe from reminder emails', () => {
  const clock = fixedClock('2030-06-03T13:00:00Z');
  let tp: TestPlatform;
  let shop: Shop;
  let outbox: OutboxWorkerHandle;

  beforeAll(async () => {
    tp = await createTestPlatform({ clock, env: { PUBLIC_BASE_URL: 'https://book.example.test' } });
    shop = await makeShop(tp, { name: 'Fade Street' });
    outbox = tp.platform.outboxWorker();
  });
  afterAll(async () => {
    await outbox?.close();
    await tp?.close();
  });

  it('the link in the confirmation shows, then stops, reminders; confirmations still go; twice is once; a forged link is 404', async () => {
    const booking = await bookOk(tp, shop, { start: '2030-06-04T14:00:00-04:00', email: 'kim@example.test', barberId: shop.barberIds[0] });
    await outbox.worker.drainOnce();
    const confirmation = (await rowsOf(tp, shop, booking.id)).find((m) => m.kind === 'confirmation' && m.channel === 'email');
    expect(confirmation?.status).toBe('logged');
    const link = /https:\/\/book\.example\.test(\/api\/v1\/unsubscribe\/[A-Za-z0-9_.-]+)/.exec(confirmation?.bodyText ?? '');
    expect(link, confirmation?.bodyText ?? '').not.toBeNull();
    const path = link?.[1] as string;

    // GET changes nothing: scanners follow links.
    const look = await tp.app.inject({ method: 'GET', url: path });
    expect(look.statusCode, look.body).toBe(200);
    expect(look.json()).toEqual({ channel: 'email', recipient: 'k***@example.test', unsubscribed: false });
    const pageRes = await tp.app.inject({ method: 'GET', url: path, headers: { accept: 'text/html' } });
    expect(pageRes.headers['content-type']).toContain('text/html');
    expect(pageRes.body).toContain('<form method="post"');
    expect(await suppressionsOf(tp, shop)).toHaveLength(0);

    const oneClick = () =>
      tp.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    const first = await oneClick();
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ unsubscribed: true });
    const again = await oneClick();
    expect(again.statusCode).toBe(200);
    expect(await suppressionsOf(tp, shop)).toEqual([expect.objectContaining({ channel: 'email', recipient: 'kim@example.test', reason: 'unsubscribe' })]);

    const [body, tag] = path.split('/').at(-1)?.split('.') ?? [];
    const forged = `/api/v1/unsubscribe/${body}.${tag?.startsWith('A') ? 'B' : 'A'}${tag?.slice(1)}`;
    expectProblem(await tp.app.inject({ method: 'POST', url: forged }), 404, 'NotFound');
    const otherRecipient = await new UnsubscribeTokens(tp.platform.core.signingKeys).issue({ franchiseId: shop.franchiseId, channel: 'email', recipient: 'lee@example.test' });
    const tampered = `/api/v1/unsubscribe/${otherRecipient.split('.')[0]}.${tag}`;
    expectProblem(await tp.app.inject({ method: 'POST', url: tampered }), 404, 'NotFound');
    expect(await suppressionsOf(tp, shop)).toHaveLength(1);

    // The reminders fall due: skipped, and recorded as such. A new booking's confirmation still goes.
    clock.set(new Date(clock.now().getTime() + 28 * HOUR));
    await outbox.worker.drainOnce();
    const reminders = (await rowsOf(tp, shop, booking.id)).filter((m) => m.kind === 'reminder');
    expect(reminders.length).toBeGreaterThan(0);
    expect(reminders.every((m) => m.status === 'skipped' && m.lastError === 'the recipient unsubscribed')).toBe(true);
    const next = await bookOk(tp, shop, { start: '2030-06-08T10:00:00-04:00', email: 'kim@example.test', barberId: shop.barberIds[0] });
    await outbox.worker.drainOnce();
    expect((await rowsOf(tp, shop, next.id)).find((m) => m.kind === 'confirmation')?.status).toBe('logged');
  });
});

describe('STOP and START by text (Twilio inbound webhook)', () => {
  const ACCOUNT = 'AC00000000000000000000000000000002';
  const AUTH_TOKEN = 'test-auth-token-fedcba9876543210';
  const BASE = 'https://book.example.test';
  const clock = fixedClock('2030-06-03T13:00:00Z');
  const texts: Record<string, string>[] = [];
  const fakeTwilio = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(body));
      texts.push(form);
      res.setHeader('content-type', 'application/json');
      res.statusCode = 201;
      res.end(JSON.stringify({ sid: `SM${String(texts.length).padStart(32, '0')}`, status: 'queued', to: form.To, from: form.From, account_sid: ACCOUNT }));
    });
  });
  let tp: TestPlatform;
  let shop: Shop;
  let outbox: OutboxWorkerHandle;

  beforeAll(async () => {
    await new Promise<void>((resolve) => fakeTwilio.listen(0, '127.0.0.1', resolve));
    const { port } = fakeTwilio.address() as AddressInfo;
    tp = await createTestPlatform({
      clock,
      env: { TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_FROM: '+15005550006', TWILIO_API_URL: `http://127.0.0.1:${port}`, PUBLIC_BASE_URL: BASE },
    });
    shop = await makeShop(tp, { name: 'Text Trims' });
    outbox = tp.platform.outboxWorker();
  });
  afterAll(async () => {
    await outbox?.close();
    await tp?.close();
    await new Promise((resolve) => fakeTwilio.close(resolve));
  });

  const inbound = (params: Record<string, string>, token = AUTH_TOKEN) => {
    const path = '/api/v1/webhooks/twilio/inbound';
    return tp.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(token, `${BASE}${path}`, params) },
      payload: new URLSearchParams(params).toString(),
    });
  };
  const reply = (body: string, from = '+12125550177') => ({ AccountSid: ACCOUNT, MessageSid: 'SM1', From: from, To: '+15005550006', Body: body });

  it('a forged STOP is 403 and changes nothing; a genuine one stops every text to that number, emails still go; START lifts it', async () => {
    const first = await bookOk(tp, shop, { start: '2030-06-05T10:00:00-04:00', email: 'stop@example.test', phone: '+1 212 555 0177', barberId: shop.barberIds[0] });
    await outbox.worker.drainOnce();
    expect(texts.filter((t) => t.To === '+12125550177')).toHaveLength(1);

    const forged = await inbound(reply('STOP'), 'not-the-token');
    expectProblem(forged, 403, 'Forbidden');
    expect(await suppressionsOf(tp, shop)).toHaveLength(0);

    expect((await inbound(reply('hello there'))).statusCode).toBe(204);
    expect(await suppressionsOf(tp, shop)).toHaveLength(0);

    const stop = await inbound(reply(' Stop '));
    expect(stop.statusCode, stop.body).toBe(204);
    expect(await suppressionsOf(tp, shop)).toEqual([expect.objectContaining({ channel: 'sms', recipient: '+12125550177', reason: 'stop' })]);
    expect((await inbound(reply('STOP'))).statusCode).toBe(204);
    expect(await suppressionsOf(tp, shop)).toHaveLength(1);

    // A new booking: its confirmation text is skipped (STOP covers every text), the email is not.
    const second = await bookOk(tp, shop, { start: '2030-06-06T10:00:00-04:00', email: 'stop@example.test', phone: '+1 212 555 0177', barberId: shop.barberIds[0] });
    await outbox.worker.drainOnce();
    const rows = await rowsOf(tp, shop, second.id);
    expect(rows.find((m) => m.kind === 'confirmation' && m.channel === 'sms')).toMatchObject({ status: 'skipped', lastError: 'the recipient unsubscribed' });
    expect(rows.find((m) => m.kind === 'confirmation' && m.channel === 'email')?.status).toBe('logged');
    expect(texts.filter((t) => t.To === '+12125550177')).toHaveLength(1);
    expect(first.id).not.toBe(second.id);

    expect((await inbound(reply('START'))).statusCode).toBe(204);
    expect(await suppressionsOf(tp, shop)).toHaveLength(0);
  });
});
