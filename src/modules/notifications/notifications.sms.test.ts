import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/clock.js';
import { bookOk } from '../../../test/support/bookings.js';
import { makeShop } from '../../../test/support/factories.js';
import type { Shop } from '../../../test/support/factories.js';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import type { OutboxWorkerHandle } from './notifications.js';
import { listByAppointment } from './outbox.repository.js';
import type { OutboxMessage } from './outbox.repository.js';

const ACCOUNT = 'AC00000000000000000000000000000001';
const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
const BASE = 'https://book.example.test';

interface Captured {
  readonly path: string;
  readonly form: Record<string, string>;
  readonly authorization: string | undefined;
}

/** Twilio's REST API at the network boundary: records each request, answers as told. */
function fakeTwilio(): { server: Server; requests: Captured[]; answer: { status: number } } {
  const requests: Captured[] = [];
  const answer = { status: 201 };
  let n = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(body));
      requests.push({ path: req.url ?? '', form, authorization: req.headers.authorization });
      res.setHeader('content-type', 'application/json');
      if (answer.status !== 201) {
        res.statusCode = answer.status;
        res.end(JSON.stringify({ code: answer.status === 429 ? 20429 : 20500, message: 'try later', status: answer.status }));
        return;
      }
      res.statusCode = 201;
      res.end(JSON.stringify({ sid: `SM${String(++n).padStart(32, '0')}`, status: 'queued', to: form.To, from: form.From, body: form.Body, account_sid: ACCOUNT }));
    });
  });
  return { server, requests, answer };
}

describe('texts through the twilio SDK against a local server', () => {
  let tp: TestPlatform;
  let shop: Shop;
  let outbox: OutboxWorkerHandle;
  const fake = fakeTwilio();
  const clock = fixedClock('2030-06-03T13:00:00Z');

  beforeAll(async () => {
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    const { port } = fake.server.address() as AddressInfo;
    tp = await createTestPlatform({
      clock,
      env: { TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_FROM: '+15005550006', TWILIO_API_URL: `http://127.0.0.1:${port}`, PUBLIC_BASE_URL: BASE },
    });
    shop = await makeShop(tp, { name: 'Text Trims' });
    outbox = tp.platform.outboxWorker({ options: { backoffBaseMs: 1_000 } });
  });
  afterAll(async () => {
    await outbox?.close();
    await tp?.close();
    await new Promise((resolve) => fake.server.close(resolve));
  });

  const rows = async (id: string): Promise<OutboxMessage[]> => listByAppointment((await tp.platform.core.router.primaryFor(shop.franchiseId)).db, shop.franchiseId, id);
  const smsConfirmation = async (id: string): Promise<OutboxMessage> => (await rows(id)).find((r) => r.kind === 'confirmation' && r.channel === 'sms') as OutboxMessage;
  const callback = (row: OutboxMessage, params: Record<string, string>, token = AUTH_TOKEN) => {
    const path = `/api/v1/webhooks/twilio/status/${shop.franchiseId}/${row.id}`;
    const signature = twilio.getExpectedTwilioSignature(token, `${BASE}${path}`, params);
    return tp.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      payload: new URLSearchParams(params).toString(),
    });
  };

  it('sends the confirmation text with a status callback naming the outbox row; a signed "delivered" marks it delivered', async () => {
    const booking = await bookOk(tp, shop, { start: '2030-06-05T10:00:00-04:00', email: 'texts@example.test', phone: '+12125550123', barberId: shop.barberIds[0] });
    await outbox.worker.drainOnce();
    const sent = fake.requests.find((r) => r.form.To === '+12125550123');
    expect(sent?.path).toBe(`/2010-04-01/Accounts/${ACCOUNT}/Messages.json`);
    expect(sent?.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT}:${AUTH_TOKEN}`).toString('base64')}`);
    expect(sent?.form.Body).toContain('Text Trims');
    expect(sent?.form.Body).toMatch(new RegExp(`${BASE}/manage/\\S+`));
    const row = await smsConfirmation(booking.id);
    expect(row).toMatchObject({ status: 'sent', providerMessageId: expect.stringMatching(/^SM/) });
    expect(sent?.form.StatusCallback).toBe(`${BASE}/api/v1/webhooks/twilio/status/${shop.franchiseId}/${row.id}`);

    const forged = await callback(row, { MessageSid: row.providerMessageId as string, MessageStatus: 'delivered' }, 'not-the-token');
    expect(forged.statusCode).toBe(403);
    expect(forged.headers['content-type']).toContain('application/problem+json');
    expect((await smsConfirmation(booking.id)).status).toBe('sent');

    const ok = await callback(row, { MessageSid: row.providerMessageId as string, MessageStatus: 'delivered', AccountSid: ACCOUNT });
    expect(ok.statusCode, ok.body).toBe(204);
    expect((await smsConfirmation(booking.id)).status).toBe('delivered');
  });

  it('an "undelivered" callback makes the text dead with the carrier error, for staff to see', async () => {
    const booking = await bookOk(tp, shop, { start: '2030-06-05T11:00:00-04:00', email: 'undelivered@example.test', phone: '+12125550124', barberId: shop.barberIds[0] });
    await outbox.worker.drainOnce();
    const row = await smsConfirmation(booking.id);
    const res = await callback(row, { MessageSid: row.providerMessageId as string, MessageStatus: 'undelivered', ErrorCode: '30003' });
    expect(res.statusCode).toBe(204);
    expect(await smsConfirmation(booking.id)).toMatchObject({ status: 'dead', lastError: 'Twilio: undelivered (error 30003)' });
  });

  it.each([500, 429])('Twilio answering %i: the text is retried later and nothing is lost', async (status) => {
    fake.answer.status = status;
    const phone = status === 500 ? '+12125550125' : '+12125550126';
    const booking = await bookOk(tp, shop, { start: `2030-06-06T${status === 500 ? '10' : '11'}:00:00-04:00`, email: `flaky-${status}@example.test`, phone, barberId: shop.barberIds[0] });
    await outbox.worker.drainOnce();
    expect(await smsConfirmation(booking.id)).toMatchObject({ status: 'failed', attempts: 1 });
    fake.answer.status = 201;
    clock.set(new Date(clock.now().getTime() + 5_000));
    await outbox.worker.drainOnce();
    expect(await smsConfirmation(booking.id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(fake.requests.filter((r) => r.form.To === phone)).toHaveLength(2);
  });
});

describe('with no provider configured (the embedded default)', () => {
  let tp: TestPlatform;
  beforeAll(async () => {
    tp = await createTestPlatform({ clock: fixedClock('2030-06-03T13:00:00Z') });
  });
  afterAll(async () => tp?.close());

  it('renders and stores every message as it would have been sent', async () => {
    const shop = await makeShop(tp, { name: 'Quiet Quiffs' });
    const handle = tp.platform.outboxWorker();
    const booking = await bookOk(tp, shop, { start: '2030-06-05T10:00:00-04:00', email: 'nobody@example.test', phone: '+12125550127', barberId: shop.barberIds[0] });
    await handle.worker.drainOnce();
    await handle.close();
    const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
    const sent = (await listByAppointment(db, shop.franchiseId, booking.id)).filter((r) => r.kind === 'confirmation');
    expect(sent.map((r) => [r.channel, r.status]).sort()).toEqual([
      ['email', 'logged'],
      ['sms', 'logged'],
    ]);
    const email = sent.find((r) => r.channel === 'email');
    expect(email?.subject).toContain('Booked: Quiet Quiffs');
    expect(email?.bodyHtml).toContain('Change or cancel');
    expect(email?.bodyText).toContain('/manage/');
  });
});
