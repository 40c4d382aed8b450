import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { makeShop, makeUser } from '../../../test/support/factories.js';
import { buildApp } from '../../app.js';
import { errorPaths, expectProblem, signUp, uniqueSlug } from '../../../test/support/franchises.js';
import { buildPlatform } from '../../composition-root.js';
import { DEFAULT_AUTH_LIMITS } from './login-throttle.js';
import { TEST_PASSWORD_COST } from '../../../test/support/auth.js';

let tp: TestPlatform;

beforeAll(async () => {
  tp = await createTestPlatform({ env: { TRUST_PROXY: 'true' } });
});
afterAll(async () => {
  await tp.close();
});

const email = (): string => `${uniqueSlug('a')}@Example.test`;
const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  tp.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, headers });

describe('POST /auth/signup', () => {
  it('creates the account, answers 201 with the user and sets a safe session cookie', async () => {
    const address = email();
    const response = await post('/auth/signup', { email: address, password: 'a long enough secret', name: 'Ana Cuts' });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toEqual({ id: expect.any(String), email: address.toLowerCase(), name: 'Ana Cuts' });
    const cookie = response.cookies.find((c) => c.name === 'bb_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 86_400 });
    expect(cookie?.secure).toBeFalsy();

    const me = await tp.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `bb_session=${cookie?.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ id: body.id, email: address.toLowerCase(), name: 'Ana Cuts', memberships: [] });
    // The session slides on the server; /me slides the cookie with it.
    expect(me.cookies.find((c) => c.name === 'bb_session')).toMatchObject({ value: cookie?.value, maxAge: 86_400, httpOnly: true });
  });

  it('never stores the password in clear: an argon2id hash', async () => {
    const address = email();
    await post('/auth/signup', { email: address, password: 'a long enough secret' });
    const row = await tp.platform.core.catalog.selectFrom('users').select('password_hash').where('email', '=', address.toLowerCase()).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('marks the cookie Secure when the request came over TLS', async () => {
    const response = await post('/auth/signup', { email: email(), password: 'a long enough secret' }, { 'x-forwarded-proto': 'https' });
    expect(response.statusCode).toBe(201);
    expect(response.cookies.find((c) => c.name === 'bb_session')?.secure).toBe(true);
  });

  it('defaults the name to the local part of the email', async () => {
    const response = await post('/auth/signup', { email: 'barber.bob@example.test', password: 'a long enough secret' });
    expect(response.json().name).toBe('barber.bob');
  });

  it('answers 409 for an email that is taken, whatever its case', async () => {
    const address = email();
    await post('/auth/signup', { email: address, password: 'a long enough secret' });
    const again = await post('/auth/signup', { email: address.toUpperCase(), password: 'another long secret' });
    expectProblem(again, 409, 'AlreadyExists');
  });

  it.each([
    ['a short password', { email: 'x@example.test', password: 'short' }, 'body.password'],
    ['a too long password', { email: 'x@example.test', password: 'x'.repeat(201) }, 'body.password'],
    ['a bad email', { email: 'not-an-email', password: 'a long enough secret' }, 'body.email'],
    ['a missing email', { password: 'a long enough secret' }, 'body.email'],
    ['a number for the password', { email: 'x@example.test', password: 12345678901 }, 'body.password'],
  ])('answers 400 for %s', async (_name, payload, path) => {
    const response = await post('/auth/signup', payload);
    expectProblem(response, 400, 'ValidationFailed');
    expect(errorPaths(response)).toContain(path);
  });

  it('answers 400 for malformed JSON', async () => {
    const response = await tp.app.inject({ method: 'POST', url: '/api/v1/auth/signup', headers: { 'content-type': 'application/json' }, payload: '{"email": ' });
    expectProblem(response, 400);
  });
});

describe('POST /auth/login', () => {
  it('signs in with the right password: 200, user, new cookie', async () => {
    const address = email();
    await post('/auth/signup', { email: address, password: 'the right password' });
    const response = await post('/auth/login', { email: address, password: 'the right password' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ email: address.toLowerCase() });
    expect(response.cookies.find((c) => c.name === 'bb_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  });

  it('gives the same 401 for a wrong password and for an unknown email', async () => {
    const address = email();
    await post('/auth/signup', { email: address, password: 'the right password' });
    const wrong = expectProblem(await post('/auth/login', { email: address, password: 'the wrong password' }), 401, 'InvalidCredentials');
    const unknown = expectProblem(await post('/auth/login', { email: email(), password: 'the wrong password' }), 401, 'InvalidCredentials');
    expect(wrong.detail).toBe(unknown.detail);
  });

  it('rejects a stored hash that is not argon2 as a wrong password, not a 500', async () => {
    const user = await makeUser(tp);
    expectProblem(await post('/auth/login', { email: user.email, password: 'whatever it is' }), 401, 'InvalidCredentials');
  });

  it('replaces the session it was called with (no session fixation)', async () => {
    const address = email();
    const signup = await post('/auth/signup', { email: address, password: 'the right password' });
    const before = `bb_session=${signup.cookies.find((c) => c.name === 'bb_session')?.value}`;
    const login = await post('/auth/login', { email: address, password: 'the right password' }, { cookie: before });
    expect(login.statusCode).toBe(200);
    expect((await tp.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: before } })).statusCode).toBe(401);
  });

  it('limits attempts per account and address: the 11th within a minute is 429 with Retry-After', async () => {
    const address = email();
    await post('/auth/signup', { email: address, password: 'the right password' }, { 'x-forwarded-for': '203.0.113.7' });
    const headers = { 'x-forwarded-for': '203.0.113.7' };
    for (let i = 0; i < 10; i++) expect((await post('/auth/login', { email: address, password: 'a wrong guess!' }, headers)).statusCode).toBe(401);
    const limited = await post('/auth/login', { email: address, password: 'the right password' }, headers);
    expectProblem(limited, 429, 'RateLimited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Another address is not blocked for the same account.
    expect((await post('/auth/login', { email: address, password: 'the right password' }, { 'x-forwarded-for': '203.0.113.8' })).statusCode).toBe(200);
  });

  it('limits attempts per address over all accounts (limits and argon2 cost are constructor options)', async () => {
    const { config, logger } = tp.platform.core;
    const platform = buildPlatform(config, logger, {
      catalogUrl: tp.catalogUrl,
      passwordCost: TEST_PASSWORD_COST,
      rateLimits: { ...DEFAULT_AUTH_LIMITS, loginPerIp: { points: 5, windowSeconds: 60 } },
    });
    const strict = await buildApp(platform.http);
    try {
      const attempt = (i: number) =>
        strict.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: `nobody${i}@example.test`, password: 'a wrong guess!' }, headers: { 'x-forwarded-for': '198.51.100.9' } });
      for (let i = 0; i < 5; i++) expect((await attempt(i)).statusCode).toBe(401);
      const limited = await attempt(5);
      expectProblem(limited, 429, 'RateLimited');
      expect(limited.headers['retry-after']).toBeDefined();
    } finally {
      await strict.close();
      await platform.close();
    }
  });
});

describe('logout', () => {
  it('POST /auth/logout ends this session, clears the cookie and answers 204', async () => {
    const user = await signUp(tp);
    const response = await post('/auth/logout', undefined, { cookie: user.cookie });
    expect(response.statusCode).toBe(204);
    const cleared = response.cookies.find((c) => c.name === 'bb_session');
    expect(cleared?.value).toBe('');
    expect(cleared?.maxAge === 0 || (cleared?.expires?.getTime() ?? Infinity) <= Date.now()).toBe(true);
    expectProblem(await tp.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: user.cookie } }), 401, 'NotSignedIn');
  });

  it('POST /auth/logout without a session is still 204', async () => {
    expect((await post('/auth/logout', undefined)).statusCode).toBe(204);
  });

  it('POST /auth/logout reads no body, but a sent one must be JSON that parses: the 400 and 415 it documents', async () => {
    const send = (contentType: string, payload: string) => tp.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { 'content-type': contentType }, payload });
    expectProblem(await send('application/json', '{'), 400, 'ValidationFailed');
    expectProblem(await send('application/xml', '<a/>'), 415, 'UnsupportedMediaType');
  });

  it.each(['/auth/logout', '/auth/logout-all'])('POST %s refuses a text/plain body (a cross-site simple request) with 415 and keeps the session', async (url) => {
    const user = await signUp(tp);
    const res = await tp.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { 'content-type': 'text/plain', cookie: user.cookie }, payload: 'x' });
    expectProblem(res, 415, 'UnsupportedMediaType');
    expectProblem(await tp.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { 'content-type': 'application/json', cookie: user.cookie }, payload: '{"extra":1}' }), 400, 'ValidationFailed');
    expect((await tp.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: user.cookie } })).statusCode).toBe(200);
    // An empty JSON object is fine.
    expect((await tp.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { 'content-type': 'application/json', cookie: user.cookie }, payload: '{}' })).statusCode).toBe(204);
  });

  it('POST /auth/logout-all ends every session of the user, not other users', async () => {
    const address = email();
    await post('/auth/signup', { email: address, password: 'the right password' });
    const sessions = [];
    for (let i = 0; i < 2; i++) {
      const login = await post('/auth/login', { email: address, password: 'the right password' });
      sessions.push(`bb_session=${login.cookies.find((c) => c.name === 'bb_session')?.value}`);
    }
    const other = await signUp(tp);
    const [first, second] = sessions as [string, string];
    expect((await post('/auth/logout-all', undefined, { cookie: first })).statusCode).toBe(204);
    for (const cookie of [first, second]) expect((await tp.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(401);
    expect((await tp.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: other.cookie } })).statusCode).toBe(200);
  });

  it('POST /auth/logout-all needs a session: 401', async () => {
    expectProblem(await post('/auth/logout-all', undefined), 401, 'NotSignedIn');
  });
});

describe('GET /me', () => {
  it('answers 401 problem+json when not signed in or with an unknown cookie', async () => {
    expectProblem(await tp.app.inject({ method: 'GET', url: '/api/v1/me' }), 401, 'NotSignedIn');
    expectProblem(await tp.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: 'bb_session=forged' } }), 401, 'NotSignedIn');
  });

  it('lists memberships with their locations', async () => {
    const shop = await makeShop(tp);
    const scoped = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'barber', locationIds: [shop.locationId] });
    const owner = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'owner' });
    const scopedMe = (await tp.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: scoped.cookie } })).json();
    expect(scopedMe.memberships).toEqual([{ franchiseId: shop.franchiseId, franchiseName: expect.any(String), role: 'barber', locationIds: [shop.locationId], allLocations: false }]);
    const ownerMe = (await tp.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: owner.cookie } })).json();
    expect(ownerMe.memberships).toEqual([{ franchiseId: shop.franchiseId, franchiseName: expect.any(String), role: 'owner', locationIds: [shop.locationId], allLocations: true }]);
  });
});
