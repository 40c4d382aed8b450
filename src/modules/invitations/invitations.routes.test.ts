import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { makeShop, makeUser } from '../../../test/support/factories.js';
import type { Shop, TestUser } from '../../../test/support/factories.js';
import { expectProblem, signUp, uniqueSlug } from '../../../test/support/franchises.js';

let tp: TestPlatform;
let shop: Shop;
let owner: TestUser;
beforeAll(async () => {
  tp = await createTestPlatform();
  shop = await makeShop(tp, { barbers: 2 });
  owner = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'owner' });
});
afterAll(async () => {
  await tp.close();
});

const base = (franchiseId = shop.franchiseId) => `/api/v1/franchises/${franchiseId}/invitations`;
const invite = (cookie: string, payload: object, franchiseId = shop.franchiseId) => tp.app.inject({ method: 'POST', url: base(franchiseId), headers: { cookie }, payload });
const preview = (token: string) => tp.app.inject({ method: 'GET', url: `/api/v1/invitations/${token}` });
const accept = (token: string, payload: object = {}, cookie?: string) =>
  tp.app.inject({ method: 'POST', url: `/api/v1/invitations/${token}/accept`, payload, ...(cookie && { headers: { cookie } }) });
const me = (cookie: string) => tp.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
const newEmail = () => `${uniqueSlug('invitee')}@example.test`;

/** The token in the invitation's queued outbox message, as the sender renders it (from the message's dedupe key). */
async function tokenFromOutbox(email: string, franchiseId = shop.franchiseId): Promise<string> {
  const { db } = await tp.platform.core.router.primaryFor(franchiseId);
  const row = await db.selectFrom('outbox').select(['dedupe_key', 'kind', 'status', 'channel']).where('franchise_id', '=', franchiseId).where('recipient', '=', email).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  expect(row).toMatchObject({ kind: 'invitation', status: 'queued', channel: 'email' });
  const message = await tp.platform.accountMessages.invitation(row.dedupe_key.replace(/^invitation:/, ''), 'https://shop.example');
  expect(message?.subject).toMatch(/^You are invited to Franchise /);
  const token = /https:\/\/shop\.example\/app\/invitation\/([A-Za-z0-9_-]{47})/.exec(message?.text ?? '')?.[1];
  return token ?? '';
}

describe('inviting', () => {
  it('answers the inviter alike whether or not the email has an account, grants nothing, and queues the email on the outbox', async () => {
    const existing = await signUp(tp);
    const fresh = newEmail();
    const a = await invite(owner.cookie, { email: existing.email, role: 'manager' });
    const b = await invite(owner.cookie, { email: fresh, role: 'manager' });
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    const shape = (body: Record<string, unknown>) => Object.keys(body).sort();
    expect(shape(a.json())).toEqual(shape(b.json()));
    expect(a.json()).toMatchObject({ email: existing.email, role: 'manager', status: 'pending', allLocations: true });
    expect(JSON.stringify(a.json())).not.toContain(existing.userId);
    expect((await me(existing.cookie)).json().memberships).toEqual([]);
    await tokenFromOutbox(existing.email);
    await tokenFromOutbox(fresh);
    const audit = await (await tp.platform.core.router.primaryFor(shop.franchiseId)).db
      .selectFrom('audit_log')
      .select('action')
      .where('franchise_id', '=', shop.franchiseId)
      .where('entity_id', '=', a.json().id)
      .execute();
    expect(audit).toEqual([{ action: 'invitation.created' }]);
  });

  it('lists pending invitations to managers and revokes one, whose link then stops working', async () => {
    const email = newEmail();
    const created = (await invite(owner.cookie, { email, role: 'barber', locationIds: [shop.locationId] })).json();
    const token = await tokenFromOutbox(email);
    const listed = await tp.app.inject({ method: 'GET', url: base(), headers: { cookie: owner.cookie } });
    expect(listed.json().invitations.map((i: { id: string }) => i.id)).toContain(created.id);
    const barber = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'barber', locationIds: [shop.locationId] });
    expectProblem(await tp.app.inject({ method: 'GET', url: base(), headers: { cookie: barber.cookie } }), 403);
    expect((await tp.app.inject({ method: 'DELETE', url: `${base()}/${created.id}`, headers: { cookie: owner.cookie } })).statusCode).toBe(204);
    expectProblem(await tp.app.inject({ method: 'DELETE', url: `${base()}/${created.id}`, headers: { cookie: owner.cookie } }), 404);
    expectProblem(await preview(token), 400, 'LinkInvalid');
    expectProblem(await accept(token, { password: 'long enough password' }), 400, 'LinkInvalid');
    // A revoked invitation renders nothing: the sender skips a message still queued for it.
    expect(await tp.platform.accountMessages.invitation(created.id, 'https://shop.example')).toBeNull();
  });

  it('keeps the role rules: only owners invite owners, barbers invite nobody, scoped managers stay in their locations', async () => {
    const manager = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'manager' });
    const barber = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'barber' });
    const scoped = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'manager', locationIds: [shop.locationId] });
    expectProblem(await invite(manager.cookie, { email: newEmail(), role: 'owner' }), 403);
    expect((await invite(manager.cookie, { email: newEmail(), role: 'manager' })).statusCode).toBe(201);
    expectProblem(await invite(barber.cookie, { email: newEmail(), role: 'barber' }), 403);
    expectProblem(await invite(scoped.cookie, { email: newEmail(), role: 'barber' }), 403);
    expect((await invite(scoped.cookie, { email: newEmail(), role: 'barber', locationIds: [shop.locationId] })).statusCode).toBe(201);
    expectProblem(await invite(owner.cookie, { email: newEmail(), role: 'manager', barberId: shop.barberIds[0] }), 400);
    expectProblem(await invite(owner.cookie, { email: owner.email, role: 'manager' }), 409, 'AlreadyExists');
  });
});

describe('accepting', () => {
  it('a new person creates the account from the link, is signed in, and their sign-in is tied to the named column', async () => {
    const email = newEmail();
    const barberId = shop.barberIds[1] as string;
    expect((await invite(owner.cookie, { email, role: 'barber', barberId })).statusCode).toBe(201);
    const token = await tokenFromOutbox(email);
    expect((await preview(token)).json()).toMatchObject({ franchiseId: shop.franchiseId, email, role: 'barber', accountExists: false });
    expectProblem(await accept(token, {}), 400);
    const accepted = await accept(token, { name: 'Riley', password: 'long enough password' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toEqual({ franchiseId: shop.franchiseId, role: 'barber', barberId });
    const cookie = `bb_session=${accepted.cookies.find((c) => c.name === 'bb_session')?.value}`;
    expect((await me(cookie)).json().memberships).toEqual([expect.objectContaining({ franchiseId: shop.franchiseId, role: 'barber', locationIds: [shop.locationId] })]);
    const barbers = (await tp.app.inject({ method: 'GET', url: `/api/v1/franchises/${shop.franchiseId}/barbers`, headers: { cookie: owner.cookie } })).json().barbers;
    expect(barbers.find((b: { id: string }) => b.id === barberId).userId).toBe((await me(cookie)).json().id);
    expectProblem(await accept(token, {}, cookie), 400, 'LinkInvalid');
  });

  it('an existing account must sign in as the invited email; another account cannot take the invitation', async () => {
    const person = await signUp(tp);
    const stranger = await signUp(tp);
    await invite(owner.cookie, { email: person.email, role: 'manager' });
    const token = await tokenFromOutbox(person.email);
    expect((await preview(token)).json().accountExists).toBe(true);
    expectProblem(await accept(token, { password: 'take over attempt' }), 401);
    expectProblem(await accept(token, {}, stranger.cookie), 403);
    expect((await me(stranger.cookie)).json().memberships).toEqual([]);
    expect((await accept(token, {}, person.cookie)).statusCode).toBe(200);
    expect((await me(person.cookie)).json().memberships).toEqual([expect.objectContaining({ franchiseId: shop.franchiseId, role: 'manager' })]);
  });

  it('refuses expired and forged links', async () => {
    const email = newEmail();
    const created = (await invite(owner.cookie, { email, role: 'manager' })).json();
    const token = await tokenFromOutbox(email);
    expectProblem(await preview(`${token.slice(0, 40)}${token[40] === 'A' ? 'B' : 'A'}${token.slice(41)}`), 400, 'LinkInvalid');
    await tp.platform.core.catalog.updateTable('invitations').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', created.id).execute();
    expectProblem(await preview(token), 400, 'LinkInvalid');
    expectProblem(await accept(token, { password: 'long enough password' }), 400, 'LinkInvalid');
  });
});

describe('tenancy', () => {
  it("another franchise's owner can neither list, revoke nor create invitations here", async () => {
    const other = await makeShop(tp);
    const otherOwner = await makeUser(tp, { franchiseId: other.franchiseId, role: 'owner' });
    const created = (await invite(owner.cookie, { email: newEmail(), role: 'manager' })).json();
    expectProblem(await tp.app.inject({ method: 'GET', url: base(), headers: { cookie: otherOwner.cookie } }), 404);
    expectProblem(await tp.app.inject({ method: 'DELETE', url: `${base(other.franchiseId)}/${created.id}`, headers: { cookie: otherOwner.cookie } }), 404);
    expectProblem(await invite(otherOwner.cookie, { email: newEmail(), role: 'barber', barberId: shop.barberIds[0] }, other.franchiseId), 400);
  });
});
