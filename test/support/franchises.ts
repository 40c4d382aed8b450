import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestPlatform } from './test-platform.js';

/** Helpers for the management route tests (imported by *.test.ts only). */

let counter = 0;
export const uniqueSlug = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export function expectProblem(response: LightMyRequestResponse, status: number, code?: string): Record<string, unknown> {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json<Record<string, unknown>>();
  expect(body.status).toBe(status);
  if (code) expect(body.code).toBe(code);
  return body;
}

export function errorPaths(response: LightMyRequestResponse): string[] {
  return (response.json<{ errors?: { path: string }[] }>().errors ?? []).map((e) => e.path);
}

export interface SignedUp {
  readonly userId: string;
  readonly email: string;
  readonly cookie: string;
}

/** A new account through the API; the cookie signs its requests in. */
export async function signUp(tp: TestPlatform, email = `${uniqueSlug('user')}@example.test`, password = 'correct horse battery'): Promise<SignedUp> {
  const response = await tp.app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { email, password } });
  expect(response.statusCode, response.body).toBe(201);
  const cookie = response.cookies.find((c) => c.name === 'bb_session');
  if (!cookie) throw new Error('signup set no session cookie');
  return { userId: response.json<{ id: string }>().id, email, cookie: `bb_session=${cookie.value}` };
}

/** A franchise (with one location) owned by a fresh account, all through the API. */
export async function ownedFranchise(tp: TestPlatform, options: { timezone?: string; currency?: string } = {}): Promise<SignedUp & { franchiseId: string; locationId: string }> {
  const owner = await signUp(tp);
  const franchise = await tp.app.inject({
    method: 'POST',
    url: '/api/v1/franchises',
    headers: { cookie: owner.cookie },
    payload: { name: 'Test Cuts', slug: uniqueSlug('fr'), region: 'us-east-1' },
  });
  expect(franchise.statusCode, franchise.body).toBe(201);
  const franchiseId = franchise.json<{ id: string }>().id;
  const location = await tp.app.inject({
    method: 'POST',
    url: `/api/v1/franchises/${franchiseId}/locations`,
    headers: { cookie: owner.cookie },
    payload: { name: 'Main St', slug: uniqueSlug('loc'), timezone: options.timezone ?? 'America/New_York', currency: options.currency ?? 'USD' },
  });
  expect(location.statusCode, location.body).toBe(201);
  return { ...owner, franchiseId, locationId: location.json<{ id: string }>().id };
}
