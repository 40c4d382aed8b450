import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeShop, makeUser } from '../../../test/support/factories.js';
import type { Shop, TestUser } from '../../../test/support/factories.js';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { bookOk, expectProblem } from '../../../test/support/bookings.js';
import type { BookingJson } from '../../../test/support/bookings.js';
import { newId } from '../../db/ids.js';
import { fixedClock } from '../../shared/clock.js';

const clock = fixedClock('2027-03-10T12:00:00Z');
let tp: TestPlatform;
let shop: Shop;
let owner: TestUser;
let barber: TestUser;
let booking: BookingJson;

interface MessageJson {
  id: string;
  kind: string;
  channel: string;
  recipient: string;
  status: string;
  statusText: string;
  sendAfter: string;
  canRetry: boolean;
  appointmentId: string | null;
}

beforeAll(async () => {
  tp = await createTestPlatform({ clock });
  shop = await makeShop(tp, { barbers: 1 });
  owner = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'owner' });
  barber = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'barber' });
  booking = await bookOk(tp, shop, { start: '2027-03-12T09:00:00-05:00', email: 'dana@example.test', phone: '(212) 555-0147' });
});
afterAll(async () => {
  await tp.close();
});

const get = (user: TestUser, url: string) => tp.app.inject({ method: 'GET', url: `/api/v1/franchises/${shop.franchiseId}${url}`, headers: { cookie: user.cookie } });
const send = (user: TestUser, method: 'POST' | 'PUT', url: string, payload?: object) =>
  tp.app.inject({ method, url: `/api/v1/franchises/${shop.franchiseId}${url}`, headers: { cookie: user.cookie }, ...(payload && { payload }) });
const shard = async () => (await tp.platform.core.router.primaryFor(shop.franchiseId)).db;

describe('messages of an appointment', () => {
  test('the confirmation by email and text and the 24 h and 2 h reminders, times in the shop zone', async () => {
    const res = await get(barber, `/appointments/${booking.id}/messages`);
    expect(res.statusCode, res.body).toBe(200);
    const { messages } = res.json<{ messages: MessageJson[] }>();
    const summary = messages.map((m) => `${m.kind}/${m.channel}/${m.recipient}/${m.status}`).sort();
    expect(summary).toEqual([
      'confirmation/email/dana@example.test/queued',
      'confirmation/sms/+12125550147/queued',
      'reminder/email/dana@example.test/queued',
      'reminder/email/dana@example.test/queued',
      'reminder/sms/+12125550147/queued',
      'reminder/sms/+12125550147/queued',
    ]);
    const emailReminders = messages.filter((m) => m.kind === 'reminder' && m.channel === 'email').map((m) => m.sendAfter).sort();
    expect(emailReminders).toEqual(['2027-03-11T09:00:00-05:00', '2027-03-12T07:00:00-05:00']);
    // 07:00 is inside the default quiet hours (21:00–08:00): the text waits for 08:00.
    const textReminders = messages.filter((m) => m.kind === 'reminder' && m.channel === 'sms').map((m) => m.sendAfter).sort();
    expect(textReminders).toEqual(['2027-03-11T09:00:00-05:00', '2027-03-12T08:00:00-05:00']);
    expect(messages.every((m) => m.appointmentId === booking.id && !m.canRetry)).toBe(true);
  });

  test('an unknown appointment is 404', async () => {
    expectProblem(await get(owner, `/appointments/${newId()}/messages`), 404, 'NotFound');
  });

  test('a member limited to another location is refused', async () => {
    const elsewhere = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'manager', locationIds: [newId()] });
    const res = await get(elsewhere, `/appointments/${booking.id}/messages`);
    expect([403, 404]).toContain(res.statusCode);
  });
});

describe('messages of a location and retry', () => {
  let deadId: string;

  beforeAll(async () => {
    // The dispatcher (its own tests) gives up on a message this way: dead, with its last error.
    const db = await shard();
    const row = await db
      .selectFrom('outbox')
      .select('id')
      .where('franchise_id', '=', shop.franchiseId)
      .where('appointment_id', '=', booking.id)
      .where('kind', '=', 'confirmation')
      .where('channel', '=', 'sms')
      .executeTakeFirstOrThrow();
    deadId = row.id;
    await db.updateTable('outbox').set({ status: 'dead', attempts: 8, last_error: 'Twilio 500' }).where('franchise_id', '=', shop.franchiseId).where('id', '=', deadId).execute();
  });

  test('dead and failed first, then newest; filters by status, kind, channel and date range', async () => {
    const all = await get(owner, `/locations/${shop.locationId}/messages`);
    expect(all.statusCode, all.body).toBe(200);
    const body = all.json<{ messages: MessageJson[]; truncated: boolean }>();
    expect(body.messages[0]).toMatchObject({ id: deadId, status: 'dead', statusText: 'dead: gave up', canRetry: true });
    expect(body.messages).toHaveLength(6);
    expect(body.truncated).toBe(false);

    const sms = (await get(owner, `/locations/${shop.locationId}/messages?channel=sms`)).json<{ messages: MessageJson[] }>().messages;
    expect(sms.map((m) => m.channel)).toEqual(['sms', 'sms', 'sms']);
    const reminders = (await get(owner, `/locations/${shop.locationId}/messages?kind=reminder&channel=email`)).json<{ messages: MessageJson[] }>().messages;
    expect(reminders).toHaveLength(2);
    const dead = (await get(owner, `/locations/${shop.locationId}/messages?status=dead`)).json<{ messages: MessageJson[] }>().messages;
    expect(dead.map((m) => m.id)).toEqual([deadId]);
    const today = (await get(owner, `/locations/${shop.locationId}/messages?from=2027-03-10&to=2027-03-10`)).json<{ messages: MessageJson[] }>().messages;
    expect(today).toHaveLength(6);
    const later = await get(owner, `/locations/${shop.locationId}/messages?from=2027-03-11&to=2027-03-12`);
    expect(later.json<{ messages: MessageJson[] }>().messages).toHaveLength(0);
    const limited = (await get(owner, `/locations/${shop.locationId}/messages?limit=2`)).json<{ messages: MessageJson[]; truncated: boolean }>();
    expect(limited.messages).toHaveLength(2);
    expect(limited.truncated).toBe(true);
  });

  test('bad filters are 400 problem+json', async () => {
    for (const query of ['status=lost', 'channel=pigeon', 'from=2027-03-12&to=2027-03-11', 'from=yesterday', 'limit=0', 'limit=501', 'colour=red']) {
      const res = await get(owner, `/locations/${shop.locationId}/messages?${query}`);
      expectProblem(res, 400, 'ValidationFailed');
    }
  });

  test('retry puts a dead message back in the queue, audited; a second retry is 409', async () => {
    const res = await send(barber, 'POST', `/messages/${deadId}/retry`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: deadId, status: 'queued', attempts: 0, canRetry: false });
    const db = await shard();
    const audit = await db.selectFrom('audit_log').selectAll().where('franchise_id', '=', shop.franchiseId).where('action', '=', 'message.retried').where('entity_id', '=', deadId).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_user_id).toBe(barber.userId);
    expect(audit[0]?.before).toMatchObject({ status: 'dead', attempts: 8, lastError: 'Twilio 500' });

    const again = await send(barber, 'POST', `/messages/${deadId}/retry`);
    expectProblem(again, 409, 'InvalidStateTransition');
    expectProblem(await send(owner, 'POST', `/messages/${newId()}/retry`), 404, 'NotFound');
  });
});

describe('reminder settings', () => {
  const url = () => `/locations/${shop.locationId}/message-settings`;

  test('the defaults until the shop sets its own', async () => {
    const res = await get(barber, url());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      locationId: shop.locationId,
      timezone: 'America/New_York',
      reminderOffsetsMinutes: [1440, 120],
      smsEnabled: true,
      quietStart: '21:00',
      quietEnd: '08:00',
      isDefault: true,
    });
  });

  test('barbers may not change them; bad input is 400 and changes nothing', async () => {
    const body = { reminderOffsetsMinutes: [60], smsEnabled: false, quietStart: '22:00', quietEnd: '07:30' };
    expectProblem(await send(barber, 'PUT', url(), body), 403, 'Forbidden');
    for (const bad of [
      { ...body, quietStart: '25:00' },
      { ...body, reminderOffsetsMinutes: [0] },
      { ...body, reminderOffsetsMinutes: [20161] },
      { ...body, reminderOffsetsMinutes: [1, 2, 3, 4, 5, 6] },
      { ...body, smsEnabled: 'no' },
      { reminderOffsetsMinutes: [60] },
    ]) {
      expectProblem(await send(owner, 'PUT', url(), bad), 400, 'ValidationFailed');
    }
    expect((await get(owner, url())).json()).toMatchObject({ isDefault: true });
  });

  test('a manager sets them, audited; the next booking follows them', async () => {
    const manager = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'manager' });
    const res = await send(manager, 'PUT', url(), { reminderOffsetsMinutes: [60, 1440, 60], smsEnabled: false, quietStart: '22:00', quietEnd: '07:30' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ reminderOffsetsMinutes: [1440, 60], smsEnabled: false, quietStart: '22:00', quietEnd: '07:30', isDefault: false });
    const db = await shard();
    const audit = await db.selectFrom('audit_log').selectAll().where('franchise_id', '=', shop.franchiseId).where('action', '=', 'location.message_settings_changed').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ reminderOffsetsMinutes: [1440, 60], smsEnabled: false });

    const next = await bookOk(tp, shop, { start: '2027-03-15T10:00:00-04:00', phone: '+1 212 555 0111' });
    const { messages } = (await get(owner, `/appointments/${next.id}/messages`)).json<{ messages: MessageJson[] }>();
    // Texts off: email only; reminders a day and an hour before.
    expect(messages.every((m) => m.channel === 'email')).toBe(true);
    expect(messages.filter((m) => m.kind === 'reminder').map((m) => m.sendAfter).sort()).toEqual(['2027-03-14T10:00:00-04:00', '2027-03-15T09:00:00-04:00']);
  });
});
