import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { expectProblem, signUp, uniqueSlug } from '../../../test/support/franchises.js';
import { LinkTokens } from '../../shared/link-tokens.js';

let tp: TestPlatform;
beforeAll(async () => {
  tp = await createTestPlatform({ rateLimits: { passwordResetPerEmail: { points: 3, windowSeconds: 60 } } });
});
afterAll(async () => {
  await tp.close();
});

const post = (url: string, payload: object, cookie?: string) => tp.app.inject({ method: 'POST', url: `/api/v1${url}`, payload, ...(cookie && { headers: { cookie } }) });
const login = (email: string, password: string) => post('/auth/login', { email, password });
const me = (cookie: string) => tp.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
const cookieOf = (response: { cookies: { name: string; value: string }[] }): string => `bb_session=${response.cookies.find((c) => c.name === 'bb_session')?.value}`;

/** The token in the newest reset message queued for this email, as the sender renders it. */
async function resetTokenFromMessage(email: string): Promise<string> {
  const row = await tp.platform.core.catalog
    .selectFrom('account_messages')
    .select(['subject_id', 'kind', 'status'])
    .where('recipient', '=', email)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  expect(row).toMatchObject({ kind: 'password_reset', status: 'queued' });
  const message = await tp.platform.accountMessages.passwordReset(row.subject_id, 'https://shop.example');
  const token = /https:\/\/shop\.example\/app\/reset-password\/([A-Za-z0-9_-]{47})/.exec(message?.text ?? '')?.[1];
  expect(message?.html).toContain(`/app/reset-password/${token}`);
  return token ?? '';
}

describe('POST /auth/password', () => {
  it('needs the current password, ends every other session and keeps this device signed in', async () => {
    const user = await signUp(tp);
    const laptop = cookieOf(await login(user.email, 'correct horse battery'));
    expectProblem(await post('/auth/password', { currentPassword: 'wrong password!', newPassword: 'a brand new secret' }, user.cookie), 400, 'ValidationFailed');
    expectProblem(await post('/auth/password', { currentPassword: 'correct horse battery', newPassword: 'short' }, user.cookie), 400);
    const changed = await post('/auth/password', { currentPassword: 'correct horse battery', newPassword: 'a brand new secret' }, user.cookie);
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await me(cookieOf(changed))).statusCode).toBe(200);
    expect((await me(laptop)).statusCode).toBe(401);
    expect((await me(user.cookie)).statusCode).toBe(401);
    expectProblem(await login(user.email, 'correct horse battery'), 401);
    expect((await login(user.email, 'a brand new secret')).statusCode).toBe(200);
  });

  it('is 401 signed out', async () => {
    expectProblem(await post('/auth/password', { currentPassword: 'x', newPassword: 'a brand new secret' }), 401);
  });
});

describe('password reset by email', () => {
  it('answers alike for a known and an unknown email, and queues a message only for the known one', async () => {
    const user = await signUp(tp);
    const unknown = `${uniqueSlug('nobody')}@example.test`;
    const known = await post('/auth/password-reset', { email: user.email.toUpperCase() });
    const nobody = await post('/auth/password-reset', { email: unknown });
    expect([known.statusCode, nobody.statusCode]).toEqual([202, 202]);
    expect(known.body).toBe(nobody.body);
    const rows = await tp.platform.core.catalog.selectFrom('account_messages').select('recipient').where('recipient', 'in', [user.email, unknown]).execute();
    expect(rows).toEqual([{ recipient: user.email }]);
  });

  it('a link sets a new password once, signs the account out everywhere, and is then spent', async () => {
    const user = await signUp(tp);
    await post('/auth/password-reset', { email: user.email });
    const token = await resetTokenFromMessage(user.email);
    expectProblem(await post('/auth/password-reset/confirm', { token, password: 'short' }), 400);
    const done = await post('/auth/password-reset/confirm', { token, password: 'reset and renewed' });
    expect(done.statusCode, done.body).toBe(204);
    expect((await me(user.cookie)).statusCode).toBe(401);
    expect((await login(user.email, 'reset and renewed')).statusCode).toBe(200);
    expectProblem(await post('/auth/password-reset/confirm', { token, password: 'another new one!' }), 400, 'LinkInvalid');
    // A used reset renders nothing more: the sender skips a message still queued for it.
    const resetId = (await tp.platform.core.catalog.selectFrom('password_resets').select('id').where('user_id', '=', user.userId).executeTakeFirstOrThrow()).id;
    expect(await tp.platform.accountMessages.passwordReset(resetId, 'https://shop.example')).toBeNull();
    expect((await login(user.email, 'reset and renewed')).statusCode).toBe(200);
  });

  it('refuses tampered, foreign-purpose and expired links alike', async () => {
    const user = await signUp(tp);
    await post('/auth/password-reset', { email: user.email });
    const token = await resetTokenFromMessage(user.email);
    const tampered = `${token.slice(0, 30)}${token[30] === 'A' ? 'B' : 'A'}${token.slice(31)}`;
    expectProblem(await post('/auth/password-reset/confirm', { token: tampered, password: 'reset and renewed' }), 400, 'LinkInvalid');
    const resetId = (await tp.platform.core.catalog.selectFrom('password_resets').select('id').where('user_id', '=', user.userId).executeTakeFirstOrThrow()).id;
    const asInvitation = await new LinkTokens(tp.platform.core.signingKeys).issue('invitation', resetId);
    expectProblem(await post('/auth/password-reset/confirm', { token: asInvitation, password: 'reset and renewed' }), 400, 'LinkInvalid');
    await tp.platform.core.catalog.updateTable('password_resets').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', resetId).execute();
    expectProblem(await post('/auth/password-reset/confirm', { token, password: 'reset and renewed' }), 400, 'LinkInvalid');
    expect((await login(user.email, 'correct horse battery')).statusCode).toBe(200);
  });

  it('is rate limited per email, whether or not it has an account', async () => {
    const unknown = `${uniqueSlug('nobody')}@example.test`;
    for (let i = 0; i < 3; i++) expect((await post('/auth/password-reset', { email: unknown })).statusCode).toBe(202);
    expectProblem(await post('/auth/password-reset', { email: unknown }), 429, 'RateLimited');
  });
});
