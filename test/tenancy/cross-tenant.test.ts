import { sql } from 'kysely';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDate } from '../../src/http/common-schemas.js';
import { buildApp } from '../../src/app.js';
import type { App, RouteModule } from '../../src/http/app-types.js';
import { newId } from '../../src/db/ids.js';
import { makeShop, makeUser } from '../support/factories.js';
import type { Shop, TestUser } from '../support/factories.js';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';

/**
 * Every franchise-scoped route, found by walking the app's own route table
 * (so a route added later is covered without touching this file), is called by
 * the owner of ANOTHER franchise with the victim's ids. Each must answer 403 or
 * 404 problem+json, and none may change a single row of the victim's data.
 */

interface CollectedRoute {
  readonly method: string;
  readonly url: string;
  readonly schema: RouteOptions['schema'];
}

type JsonSchema = {
  type?: string | string[];
  format?: string;
  pattern?: string;
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  minimum?: number;
  minItems?: number;
  minLength?: number;
};

let tp: TestPlatform;
let app: App;
const routes: CollectedRoute[] = [];
let victim: Shop;
let victimOwner: TestUser;
let attacker: Shop;
let attackerOwner: TestUser;
const victimIds: Record<string, string> = {};

beforeAll(async () => {
  tp = await createTestPlatform();
  // A second app on the same platform, with a first route module that records every route registered after it.
  const collector: RouteModule = (api) => {
    api.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url, schema: route.schema });
    });
  };
  app = await buildApp({
    ...tp.platform.http,
    apiRoutes: [collector, ...tp.platform.apiRoutes],
  });
  await app.ready();

  victim = await makeShop(tp, { barbers: 2 });
  victimOwner = await makeUser(tp, { franchiseId: victim.franchiseId, role: 'owner' });
  attacker = await makeShop(tp, { barbers: 1 });
  attackerOwner = await makeUser(tp, { franchiseId: attacker.franchiseId, role: 'owner' });

  const timeOff = await app.inject({
    method: 'POST',
    url: `/api/v1/franchises/${victim.franchiseId}/barbers/${victim.barberIds[0]}/time-off`,
    headers: { cookie: victimOwner.cookie },
    payload: { start: '2027-06-01T09:00:00Z', end: '2027-06-01T12:00:00Z' },
  });
  expect(timeOff.statusCode, timeOff.body).toBe(201);

  const { db } = await tp.platform.core.router.primaryFor(victim.franchiseId);
  const clientId = newId();
  const appointmentId = newId();
  await db.insertInto('clients').values({ franchise_id: victim.franchiseId, id: clientId, email: 'victim.client@example.test', name: 'Victim Client' }).execute();
  await db
    .insertInto('appointments')
    .values({
      franchise_id: victim.franchiseId,
      id: appointmentId,
      location_id: victim.locationId,
      barber_id: victim.barberIds[0] as string,
      service_id: victim.serviceIds[0] as string,
      client_id: clientId,
      starts_at: new Date('2027-06-02T14:00:00Z'),
      ends_at: new Date('2027-06-02T14:30:00Z'),
      blocked_until: new Date('2027-06-02T14:30:00Z'),
      price_cents: 3500,
      currency: 'USD',
      notes: null,
    })
    .execute();

  Object.assign(victimIds, {
    franchiseId: victim.franchiseId,
    locationId: victim.locationId,
    barberId: victim.barberIds[0],
    serviceId: victim.serviceIds[0],
    userId: victimOwner.userId,
    timeOffId: timeOff.json<{ id: string }>().id,
    appointmentId,
    clientId,
    id: appointmentId,
  });
});

afterAll(async () => {
  await app?.close();
  await tp?.close();
});

const franchiseRoutes = (): CollectedRoute[] =>
  routes.filter((r) => r.method !== 'HEAD' && (r.url.includes(':franchiseId') || /\/franchises\/:/.test(r.url)));

/** An id for a parameter or field name: the victim's thing of that kind, or a random UUID. */
function idFor(name: string): string {
  const key = name.replace(/Ids?$/, 'Id');
  return victimIds[key] ?? victimIds[name] ?? newId();
}

function sample(schema: JsonSchema | undefined, name: string): unknown {
  if (!schema) return undefined;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return sample(variants.find((v) => v.type !== 'null') ?? variants[0], name);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, value]) => [key, sample(value, key)]));
    case 'array':
      return schema.items?.format === 'uuid' || (schema.minItems ?? 0) > 0 ? [sample(schema.items, name)] : [];
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'string':
      return sampleString(schema, name);
    default:
      return undefined;
  }
}

function sampleString(schema: JsonSchema, name: string): string {
  const late = /^(end|to|until)$/i.test(name);
  if (schema.format === 'uuid') return idFor(name);
  if (schema.format === 'email') return 'someone@example.test';
  if (schema.format === 'date-time') return late ? '2027-06-03T11:00:00Z' : '2027-06-03T10:00:00Z';
  if (schema.format === 'date') return late ? '2027-06-04' : '2027-06-03';
  const pattern = schema.pattern ?? '';
  if (pattern.includes('T\\d{2}')) return late ? '2027-06-03T11:00:00Z' : '2027-06-03T10:00:00Z';
  if (pattern.startsWith('^\\d{4}-\\d{2}-\\d{2}$') || pattern === (LocalDate as { pattern?: string }).pattern) return late ? '2027-06-04' : '2027-06-03';
  if (pattern.includes('\\d{2}:\\d{2}')) return late ? '10:00' : '09:00';
  if (pattern.includes('[A-Z]{3}')) return 'USD';
  if (pattern.includes('[a-z0-9]+(-[a-z0-9]+)*')) return `probe-${newId().slice(-12)}`;
  if (/^(from|to|until|date)$/.test(name)) return late ? '2027-06-04' : '2027-06-03';
  if (/timezone|timeZone/.test(name)) return 'America/New_York';
  if (/phone/i.test(name)) return '+1 555 010 0000';
  if (/status/.test(name)) return 'cancelled';
  return 'x'.repeat(Math.max(schema.minLength ?? 1, 3));
}

function requestFor(route: CollectedRoute, pathIds: (param: string) => string): { url: string; payload?: unknown } {
  const path = route.url.replace(/:([A-Za-z0-9_]+)/g, (_m, param: string) => pathIds(param));
  const schema = (route.schema ?? {}) as { body?: JsonSchema; querystring?: JsonSchema };
  const query = sample(schema.querystring, 'query') as Record<string, unknown> | undefined;
  const search = query ? new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]): [string, string] => [k, String(v)])).toString() : '';
  const payload = route.method === 'GET' || route.method === 'DELETE' ? undefined : (sample(schema.body, 'body') ?? undefined);
  return { url: search ? `${path}?${search}` : path, ...(payload !== undefined && { payload }) };
}

/** Row count and an order-independent checksum of every franchise-scoped table, plus the victim's catalog rows. */
async function fingerprint(): Promise<Record<string, string>> {
  const { db } = await tp.platform.core.router.primaryFor(victim.franchiseId);
  const tables = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.columns
    WHERE table_schema = 'public' AND column_name = 'franchise_id' ORDER BY table_name`.execute(db);
  const result: Record<string, string> = {};
  for (const { table_name } of tables.rows) {
    const row = await sql<{ n: string; digest: string | null }>`
      SELECT count(*) AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest
      FROM ${sql.table(table_name)} t WHERE franchise_id = ${victim.franchiseId}`.execute(db);
    result[`shard.${table_name}`] = `${row.rows[0]?.n}:${row.rows[0]?.digest}`;
  }
  const { catalog } = tp.platform.core;
  for (const table of ['franchises', 'location_directory', 'memberships', 'invitations'] as const) {
    const column = table === 'franchises' ? 'id' : 'franchise_id';
    const row = await sql<{ n: string; digest: string | null }>`
      SELECT count(*) AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest
      FROM ${sql.table(table)} t WHERE ${sql.ref(column)} = ${victim.franchiseId}`.execute(catalog);
    result[`catalog.${table}`] = `${row.rows[0]?.n}:${row.rows[0]?.digest}`;
  }
  return result;
}

function expectDenied(route: CollectedRoute, response: { statusCode: number; headers: Record<string, unknown>; body: string }): void {
  const label = `${route.method} ${route.url} → ${response.statusCode} ${response.body.slice(0, 300)}`;
  expect([403, 404], label).toContain(response.statusCode);
  expect(String(response.headers['content-type']), label).toMatch(/^application\/problem\+json/);
}

describe('cross-tenant isolation', () => {
  it('finds the franchise routes in the route table', () => {
    const urls = franchiseRoutes().map((r) => `${r.method} ${r.url}`);
    for (const expected of [
      'GET /api/v1/franchises/:franchiseId',
      'POST /api/v1/franchises/:franchiseId/locations',
      'PATCH /api/v1/franchises/:franchiseId/locations/:locationId',
      'POST /api/v1/franchises/:franchiseId/barbers',
      'PUT /api/v1/franchises/:franchiseId/barbers/:barberId/schedule',
      'DELETE /api/v1/franchises/:franchiseId/barbers/:barberId/time-off/:timeOffId',
      'PATCH /api/v1/franchises/:franchiseId/services/:serviceId',
      'DELETE /api/v1/franchises/:franchiseId/members/:userId',
    ]) {
      expect(urls).toContain(expected);
    }
  });

  it("denies another franchise's owner on every franchise route, with the victim's ids, and changes nothing", async () => {
    const before = await fingerprint();
    const checked: string[] = [];
    for (const route of franchiseRoutes()) {
      const request = requestFor(route, (param) => idFor(param));
      const response = await app.inject({
        method: route.method as 'GET',
        url: request.url,
        headers: { cookie: attackerOwner.cookie },
        ...(request.payload !== undefined && { payload: request.payload as object }),
      });
      expectDenied(route, response);
      checked.push(`${route.method} ${route.url}`);
    }
    expect(checked.length).toBeGreaterThanOrEqual(17);
    expect(await fingerprint()).toEqual(before);
  });

  it("denies the owner's own franchise id combined with the victim's sub-ids, and changes nothing", async () => {
    const before = await fingerprint();
    const withSubIds = franchiseRoutes().filter((route) => (route.url.match(/:[A-Za-z0-9_]+/g) ?? []).length > 1);
    expect(withSubIds.length).toBeGreaterThanOrEqual(7);
    for (const route of withSubIds) {
      const request = requestFor(route, (param) => (param === 'franchiseId' ? attacker.franchiseId : idFor(param)));
      const response = await app.inject({
        method: route.method as 'GET',
        url: request.url,
        headers: { cookie: attackerOwner.cookie },
        ...(request.payload !== undefined && { payload: request.payload as object }),
      });
      expectDenied(route, response);
    }
    expect(await fingerprint()).toEqual(before);
  });

  it('the same requests succeed or fail on their merits for the victim owner (the probes are well-formed)', async () => {
    // Guards the test itself. Bodies are validated before any handler runs, so the 403/404s above already
    // prove they were well-formed; this checks that the generated ids and queries reach real data too.
    for (const route of franchiseRoutes().filter((r) => r.method === 'GET')) {
      const request = requestFor(route, (param) => idFor(param));
      const response = await app.inject({ method: 'GET', url: request.url, headers: { cookie: victimOwner.cookie } });
      expect(response.statusCode, `${route.url} → ${response.body.slice(0, 300)}`).toBeLessThan(400);
    }
  });
});
