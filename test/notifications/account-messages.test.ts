import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeShop, makeUser } from '../support/factories.js';
import { signUp, uniqueSlug } from '../support/franchises.js';
import type { Shop, TestUser } from '../support/factories.js';
import { startSmtpSink } from '../support/smtp-sink.js';
import type { SmtpSink } from '../support/smtp-sink.js';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';
import type { OutboxWorkerHandle } from '../../src/modules/notifications/notifications.js';

// Invitations (on the franchise's shard outbox) and password resets (the catalog's account_messages)
// go out through the same worker and channel as booking messages, rendered at send time.
describe('account messages are sent by the outbox worker over real SMTP', () => {
  let sink: SmtpSink;
  let tp: TestPlatform;
  let shop: Shop;
  let owner: TestUser;
  let outbox: OutboxWorkerHandle;
  const BASE = 'https://book.example.test';

  beforeAll(async () => {
    sink = await startSmtpSink();
    tp = await createTestPlatform({ env: { SMTP_URL: sink.url, PUBLIC_BASE_URL: BASE } });
    shop = await makeShop(tp, { name: 'Letterbox Barbers' });
    owner = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'owner' });
    outbox = tp.platform.outboxWorker();
  });
  afterAll(async () => {
    await outbox?.close();
    await tp?.close();
    await sink?.close();
  });

  const mailTo = (email: string) => sink.received.filter((m) => JSON.stringify(m.parsed.to ?? '').includes(email));

  it('a password reset reaches the inbox once, and its link resets the password', async () => {
    const user = await signUp(tp);
    expect((await tp.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: user.email } })).statusCode).toBe(202);
    await outbox.worker.drainOnce();
    await sink.waitForMatching((m) => JSON.stringify(m.parsed.to).includes(user.email));
    await outbox.worker.drainOnce(); // nothing left: sent once
    const [mail, ...more] = mailTo(user.email);
    expect(more).toEqual([]);
    expect(mail?.parsed.subject).toBe('Reset your BookedBarber password');
    const token = new RegExp(`${BASE}/app/reset-password/([A-Za-z0-9_-]+)`).exec(mail?.parsed.text ?? '')?.[1];
    expect(token).toBeTruthy();
    const row = await tp.platform.core.catalog.selectFrom('account_messages').select(['status', 'sent_at']).where('recipient', '=', user.email).executeTakeFirstOrThrow();
    expect(row.status).toBe('sent');
    expect(row.sent_at).not.toBeNull();
    const confirm = await tp.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, password: 'a brand new secret' } });
    expect(confirm.statusCode, confirm.body).toBeLessThan(300);
    expect((await tp.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: 'a brand new secret' } })).statusCode).toBe(200);
  });

  it('an invitation reaches the inbox with a link that opens it; a revoked one is skipped, not sent', async () => {
    const invite = (email: string) =>
      tp.app.inject({ method: 'POST', url: `/api/v1/franchises/${shop.franchiseId}/invitations`, headers: { cookie: owner.cookie }, payload: { email, role: 'manager' } });
    const email = `${uniqueSlug('invitee')}@example.test`;
    expect((await invite(email)).statusCode).toBe(201);
    const revokedEmail = `${uniqueSlug('revoked')}@example.test`;
    const revoked = (await invite(revokedEmail)).json() as { id: string };
    expect((await tp.app.inject({ method: 'DELETE', url: `/api/v1/franchises/${shop.franchiseId}/invitations/${revoked.id}`, headers: { cookie: owner.cookie } })).statusCode).toBe(204);

    await outbox.worker.drainOnce();
    await sink.waitForMatching((m) => JSON.stringify(m.parsed.to).includes(email));
    const [mail] = mailTo(email);
    expect(mail?.parsed.subject).toMatch(/^You are invited to /);
    const token = new RegExp(`${BASE}/app/invitation/([A-Za-z0-9_-]+)`).exec(mail?.parsed.text ?? '')?.[1];
    expect((await tp.app.inject({ method: 'GET', url: `/api/v1/invitations/${token}` })).statusCode).toBe(200);

    expect(mailTo(revokedEmail)).toEqual([]);
    const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
    const statuses = await db.selectFrom('outbox').select(['recipient', 'status', 'last_error']).where('franchise_id', '=', shop.franchiseId).where('kind', '=', 'invitation').execute();
    expect(statuses.find((r) => r.recipient === email)?.status).toBe('sent');
    expect(statuses.find((r) => r.recipient === revokedEmail)).toMatchObject({ status: 'skipped', last_error: 'the invitation is no longer pending' });
  });
});
