import { newId } from '../../src/db/ids.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { App } from '../../src/http/app-types.js';
import { bookOk, slots } from '../support/bookings.js';
import { makeShop, makeUser } from '../support/factories.js';
import type { Shop, TestUser } from '../support/factories.js';
import { dateKindOf, routeCollector, sample, stringLeaves, withValueAt } from '../support/route-samples.js';
import { LinkTokens } from '../../src/shared/link-tokens.js';
import type { CollectedRoute, DateKind, JsonSchema, SampleContext, StringLeaf } from '../support/route-samples.js';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';

/**
 * Bad input never reaches the database (DESIGN.md section 7, issue 11 items 1–2).
 * Every route is found by walking the app's own route table, so a route added
 * later is covered without touching this file. Each string property of each
 * body, query and path schema gets a NUL; each date or instant gets years
 * PostgreSQL cannot store or the contract does not accept. Requests carry an
 * owner's session and real ids, so without the boundary they would reach SQL.
 */

type Part = 'body' | 'querystring' | 'params';
const PARTS: readonly Part[] = ['body', 'querystring', 'params'];

interface Probe {
  readonly route: CollectedRoute;
  readonly part: Part;
  readonly leaf: StringLeaf;
  /** The field as the problem document names it, e.g. body.client.name. */
  readonly field: string;
}

const OUT_OF_RANGE: Readonly<Record<DateKind, readonly string[]>> = {
  date: ['0000-01-01', '1899-12-31', '3000-01-01', '10000-01-01'],
  instant: ['0000-01-01T00:00:00Z', '1899-12-31T23:59:59Z', '3000-01-01T00:00:00Z', '+010000-01-01T00:00:00Z'],
  'date-or-instant': ['0000-01-01', '0000-01-01T00:00:00Z', '1899-12-31', '3000-01-01T00:00:00Z'],
};

let tp: TestPlatform;
let app: App;
const routes: CollectedRoute[] = [];
let shop: Shop;
let owner: TestUser;
let ctx: SampleContext;

beforeAll(async () => {
  tp = await createTestPlatform();
  app = await buildApp({
    ...tp.platform.http,
    apiRoutes: [routeCollector(routes), ...tp.platform.apiRoutes],
  });
  await app.ready();

  shop = await makeShop(tp, { barbers: 2 });
  owner = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'owner' });
  const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  const [slot] = await slots(tp, shop, { date: day, days: 7 });
  if (!slot) throw new Error(`no free slot in the week from ${day}`);
  const booking = await bookOk(tp, shop, { start: slot.start });
  const timeOff = await app.inject({
    method: 'POST',
    url: `/api/v1/franchises/${shop.franchiseId}/barbers/${shop.barberIds[1]}/time-off`,
    headers: { cookie: owner.cookie },
    payload: { start: `${day}T01:00:00Z`, end: `${day}T02:00:00Z` },
  });
  expect(timeOff.statusCode, timeOff.body).toBe(201);
  ctx = {
    day,
    known: {
      franchiseId: shop.franchiseId,
      locationId: shop.locationId,
      barberId: shop.barberIds[0] as string,
      serviceId: shop.serviceIds[0] as string,
      userId: owner.userId,
      timeOffId: timeOff.json<{ id: string }>().id,
      id: booking.id,
      slug: shop.slug,
      manageToken: booking.manageToken,
      // Any well-formed link token: the schema is checked before the invitation is looked up.
      token: await new LinkTokens(tp.platform.core.signingKeys).issue('invitation', newId()),
    },
  };
});

afterAll(async () => {
  await app?.close();
  await tp?.close();
});

function probes(): Probe[] {
  return routes.flatMap((route) =>
    PARTS.flatMap((part) =>
      stringLeaves((route.schema as Partial<Record<Part, JsonSchema>> | undefined)?.[part]).map((leaf) => ({
        route,
        part,
        leaf,
        field: [part, ...leaf.path].join('.'),
      })),
    ),
  );
}

type Parts = Partial<Record<Part, unknown>>;

/** The route's well-formed request, generated from its schemas. */
function validParts(route: CollectedRoute): Parts {
  const schema = (route.schema ?? {}) as Partial<Record<Part, JsonSchema>>;
  return Object.fromEntries(PARTS.map((part) => [part, sample(schema[part], part, ctx)]));
}

function request(route: CollectedRoute, parts: Parts) {
  const params = (parts.params ?? {}) as Record<string, unknown>;
  const path = route.url.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => encodeURIComponent(String(params[name])));
  const query = new URLSearchParams(Object.entries((parts.querystring ?? {}) as object).map(([k, v]): [string, string] => [k, String(v)])).toString();
  const hasBody = route.method !== 'GET' && route.method !== 'DELETE' && parts.body !== undefined;
  return app.inject({
    method: route.method as 'GET',
    url: query ? `${path}?${query}` : path,
    // Signing in or up replaces the caller's session: those routes go without the owner's.
    headers: route.url.startsWith('/api/v1/auth/') ? {} : { cookie: owner.cookie },
    ...(hasBody && { payload: parts.body as object }),
  });
}

/** The route's well-formed request with one property replaced. */
function send(probe: Probe, value: string) {
  const parts = validParts(probe.route);
  return request(probe.route, { ...parts, [probe.part]: withValueAt(parts[probe.part], probe.leaf.path, value) });
}

/** Every date-looking string of a request moved to year 0, keeping the day and time (a range stays a range). */
function inYearZero(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/^\d{4}(-\d{2}-\d{2})/, '0000$1');
  if (Array.isArray(value)) return value.map(inYearZero);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inYearZero(v)]));
  return value;
}

function expectRefused(probe: Probe, value: string, response: Awaited<ReturnType<typeof request>>): void {
  const label = `${probe.route.method} ${probe.route.url} ${probe.field}=${JSON.stringify(value)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
  expect(response.statusCode, label).toBe(400);
  expect(String(response.headers['content-type']), label).toMatch(/^application\/problem\+json/);
  const paths = (response.json<{ errors?: { path: string }[] }>().errors ?? []).map((e) => e.path);
  expect(paths, label).toContain(probe.field);
}

/** Guards the probes themselves: they ran as the owner, so a field that escaped validation would have reached SQL. */
async function expectOwnerSignedIn(): Promise<void> {
  const me = await app.inject({ method: 'GET', url: `/api/v1/franchises/${shop.franchiseId}`, headers: { cookie: owner.cookie } });
  expect(me.statusCode, me.body).toBe(200);
}

/** Row counts and checksums of every table of the shard and the catalog. */
async function fingerprint(): Promise<Record<string, string>> {
  const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
  const result: Record<string, string> = {};
  for (const [name, database] of [['shard', db], ['catalog', tp.platform.core.catalog]] as const) {
    const tables = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(database);
    for (const { table_name } of tables.rows) {
      const row = await sql<{ n: string; digest: string | null }>`
        SELECT count(*) AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM ${sql.table(table_name)} t`.execute(database);
      result[`${name}.${table_name}`] = `${row.rows[0]?.n}:${row.rows[0]?.digest}`;
    }
  }
  return result;
}

describe('the input boundary, on every route', () => {
  it('finds the routes and the fields the issue names', () => {
    const fields = probes().map((p) => `${p.route.method} ${p.route.url} ${p.field}`);
    for (const expected of [
      'POST /api/v1/locations/:slug/bookings body.client.name',
      'POST /api/v1/locations/:slug/bookings body.notes',
      'POST /api/v1/auth/signup body.name',
      'POST /api/v1/franchises body.name',
      'POST /api/v1/franchises/:franchiseId/locations body.address.line1',
      'POST /api/v1/franchises/:franchiseId/barbers body.name',
      'POST /api/v1/franchises/:franchiseId/services body.name',
      'POST /api/v1/franchises/:franchiseId/barbers/:barberId/time-off body.reason',
      'GET /api/v1/franchises/:franchiseId/appointments querystring.from',
      'GET /api/v1/locations/:slug/availability querystring.date',
    ]) {
      expect(fields).toContain(expected);
    }
    expect(new Set(probes().map((p) => `${p.route.method} ${p.route.url}`)).size).toBeGreaterThanOrEqual(25);
  });

  it('answers 400 naming the field for a NUL in any string, and changes nothing', async () => {
    const before = await fingerprint();
    for (const probe of probes()) {
      const valid = String(sample(probe.leaf.schema, probe.leaf.name, ctx));
      const value = `${valid.slice(0, 1)}\u0000${valid.slice(1)}`;
      expectRefused(probe, value, await send(probe, value));
    }
    expect(await fingerprint()).toEqual(before);
    await expectOwnerSignedIn();
  });

  it('refuses other control characters, and allows tab and line breaks only in free text', async () => {
    const notes = probes().find((p) => p.field === 'body.notes' && p.route.url.endsWith('/bookings'));
    const name = probes().find((p) => p.field === 'body.client.name');
    if (!notes || !name) throw new Error('the booking route is missing');
    for (const control of ['\u001b', '\u007f', '\u0085', '\b']) {
      expectRefused(notes, `a${control}b`, await send(notes, `a${control}b`));
      expectRefused(name, `a${control}b`, await send(name, `a${control}b`));
    }
    for (const lineBreak of ['\t', '\n', '\r\n']) expectRefused(name, `a${lineBreak}b`, await send(name, `a${lineBreak}b`));
    const accepted = await send(notes, 'Short back and sides.\n\tNo fade, please.\r\n');
    expect(accepted.statusCode, accepted.body).not.toBe(400);
    expect(accepted.statusCode, accepted.body).toBeLessThan(500);
  });

  it('shows the rule in the OpenAPI document (/docs)', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
    const booking = doc.paths['/api/v1/locations/{slug}/bookings']?.post as { requestBody: { content: Record<string, { schema: JsonSchema }> } };
    const body = booking.requestBody.content['application/json']?.schema;
    expect(body?.properties?.client?.properties?.name).toMatchObject({ 'x-control-characters': 'none' });
    expect(body?.properties?.notes?.anyOf?.[0]).toMatchObject({ 'x-control-characters': 'tab-and-line-breaks' });
    const calendar = doc.paths['/api/v1/franchises/{franchiseId}/appointments']?.get as { parameters: { name: string; schema: JsonSchema }[] };
    expect(calendar.parameters.find((p) => p.name === 'from')?.schema).toMatchObject({ 'x-control-characters': 'none', pattern: expect.stringContaining('(19') });
  });

  it('answers 400 naming the field for a date or instant outside years 1900–2999', async () => {
    const dated = probes().filter((p) => dateKindOf(p.leaf.schema) !== undefined);
    expect(dated.length).toBeGreaterThanOrEqual(10);
    for (const probe of dated) {
      for (const value of OUT_OF_RANGE[dateKindOf(probe.leaf.schema) as DateKind]) expectRefused(probe, value, await send(probe, value));
    }
    await expectOwnerSignedIn();
  });

  it('uses a shared date schema for every field named like a date', () => {
    // Wall-clock times (HH:MM of weekly hours) are not dates.
    const looksDated = (p: Probe): boolean => /^(date|day|from|to|start|end|since|until|.+At)$/.test(p.leaf.name) && p.leaf.schema.pattern !== '^\\d{2}:\\d{2}$';
    const plain = probes().filter((p) => looksDated(p) && dateKindOf(p.leaf.schema) === undefined);
    expect(plain.map((p) => `${p.route.method} ${p.route.url} ${p.field}`)).toEqual([]);
  });

  it('never answers 5xx for a year-0 date or instant in any string field', async () => {
    // Catches a date field that escapes the shared schemas: these requests pass validation elsewhere and run.
    for (const probe of probes().filter((p) => p.part !== 'params')) {
      for (const value of ['0000-01-01', '0000-01-01T00:00:00Z']) {
        const response = await send(probe, value);
        expect(response.statusCode, `${probe.route.method} ${probe.route.url} ${probe.field}=${value} → ${response.body.slice(0, 300)}`).toBeLessThan(500);
      }
    }
    await expectOwnerSignedIn();
  });

  it('never answers 5xx when every date of a request is in year 0', async () => {
    let dated = 0;
    for (const route of routes) {
      const parts = validParts(route);
      const shifted = inYearZero(parts) as Parts;
      if (JSON.stringify(shifted) === JSON.stringify(parts)) continue;
      dated += 1;
      const response = await request(route, shifted);
      expect(response.statusCode, `${route.method} ${route.url} → ${response.body.slice(0, 300)}`).toBeLessThan(500);
    }
    expect(dated).toBeGreaterThanOrEqual(8);
    await expectOwnerSignedIn();
  });
});
