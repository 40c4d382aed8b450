import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { fixedClock } from '../../shared/clock.js';

let tp: TestPlatform;

beforeAll(async () => {
  tp = await createTestPlatform({ clock: fixedClock('2027-03-16T15:20:00Z') });
});
afterAll(async () => {
  await tp.close();
});

describe('seedDemoData', () => {
  it('creates Fade & Co once, and a second run finds it', async () => {
    const first = await tp.platform.seedDemoData();
    expect(first).toEqual({
      created: true,
      ownerEmail: 'owner@demo.bookedbarber.dev',
      ownerPassword: 'demo-owner-2027',
      barberEmail: 'marcus@demo.bookedbarber.dev',
      barberPassword: 'demo-barber-2027',
      locationSlugs: ['fade-and-co-new-york', 'fade-and-co-london'],
    });

    const second = await tp.platform.seedDemoData();
    expect(second).toEqual({ ...first, created: false });
    const franchises = await tp.platform.core.catalog.selectFrom('franchises').selectAll().where('slug', '=', 'fade-and-co').execute();
    expect(franchises).toHaveLength(1);
  });

  it('lets the demo barber sign in and see only his own column of New York', async () => {
    const login = await tp.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'marcus@demo.bookedbarber.dev', password: 'demo-barber-2027' } });
    expect(login.statusCode, login.body).toBe(200);
    const cookie = `bb_session=${login.cookies.find((c) => c.name === 'bb_session')?.value}`;
    const memberships = (await tp.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).json().memberships;
    expect(memberships).toEqual([expect.objectContaining({ franchiseName: 'Fade & Co', role: 'barber', allLocations: false })]);
    const franchiseId = memberships[0].franchiseId as string;
    const barbers = (await tp.app.inject({ method: 'GET', url: `/api/v1/franchises/${franchiseId}/barbers`, headers: { cookie } })).json().barbers;
    const mine = barbers.filter((b: { userId: string | null }) => b.userId === login.json().id);
    expect(mine.map((b: { name: string }) => b.name)).toEqual(['Marcus Reid']);
    const calendar = (await tp.app.inject({ method: 'GET', url: `/api/v1/franchises/${franchiseId}/appointments?from=2027-03-01&to=2027-03-31`, headers: { cookie } })).json();
    expect(calendar.appointments.length).toBeGreaterThan(0);
    expect(calendar.appointments.every((a: { barberId: string }) => a.barberId === mine[0].id)).toBe(true);
  });

  it('lets the owner sign in with the printed password and see both shops', async () => {
    const login = await tp.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'owner@demo.bookedbarber.dev', password: 'demo-owner-2027' } });
    expect(login.statusCode).toBe(200);
    const cookie = `bb_session=${login.cookies.find((c) => c.name === 'bb_session')?.value}`;
    const me = login.json();
    const franchiseId = (await tp.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).json().memberships[0].franchiseId as string;
    expect(me.email).toBe('owner@demo.bookedbarber.dev');

    const franchise = (await tp.app.inject({ method: 'GET', url: `/api/v1/franchises/${franchiseId}`, headers: { cookie } })).json();
    expect(franchise).toMatchObject({ name: 'Fade & Co', region: 'us-east-1', role: 'owner' });
    expect(franchise.locations.map((l: { timezone: string; currency: string }) => [l.timezone, l.currency])).toEqual([
      ['America/New_York', 'USD'],
      ['Europe/London', 'GBP'],
    ]);

    const services = (await tp.app.inject({ method: 'GET', url: `/api/v1/franchises/${franchiseId}/services`, headers: { cookie } })).json().services;
    expect(services).toHaveLength(12);
    expect(services.slice(0, 6).map((s: { name: string }) => s.name)).toEqual(['Haircut', 'Skin fade', 'Beard trim', 'Cut & beard', 'Kids cut', 'Hot towel shave']);
    const barbers = (await tp.app.inject({ method: 'GET', url: `/api/v1/franchises/${franchiseId}/barbers`, headers: { cookie } })).json().barbers;
    expect(barbers).toHaveLength(7);
    for (const barber of barbers) {
      expect(barber.weekly.length).toBeGreaterThan(0);
      expect(barber.serviceIds.length).toBeGreaterThan(0);
    }

    const { db } = await tp.platform.core.router.primaryFor(franchiseId);
    const counts = await db
      .selectFrom('appointments')
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('franchise_id', '=', franchiseId)
      .groupBy('status')
      .execute();
    const byStatus = Object.fromEntries(counts.map((c) => [c.status, Number(c.n)]));
    expect(byStatus.completed).toBeGreaterThan(1000);
    expect(byStatus.no_show).toBeGreaterThan(20);
    expect(byStatus.cancelled).toBeGreaterThan(20);
    expect(byStatus.booked).toBeGreaterThan(50);
    const sources = await db.selectFrom('appointments').select('source').distinct().where('franchise_id', '=', franchiseId).orderBy('source').execute();
    expect(sources).toEqual([{ source: 'import' }, { source: 'online' }, { source: 'walk_in' }]);
    // Walk-ins were booked the minute they started, and none is in the future.
    const walkIns = await db.selectFrom('appointments').select(['starts_at', 'created_at']).where('franchise_id', '=', franchiseId).where('source', '=', 'walk_in').execute();
    expect(walkIns.length).toBeGreaterThan(50);
    expect(walkIns.filter((a) => a.created_at.getTime() !== a.starts_at.getTime() || a.starts_at.getTime() > Date.parse('2027-03-16T15:20:00Z'))).toEqual([]);
    // Three repeats per location, every two weeks, from last month into the coming weeks.
    const series = await db.selectFrom('appointment_series').selectAll().where('franchise_id', '=', franchiseId).execute();
    expect(series).toHaveLength(6);
    for (const item of series) {
      const occurrences = await db.selectFrom('appointments').select(['starts_at', 'status']).where('franchise_id', '=', franchiseId).where('series_id', '=', item.id).orderBy('starts_at').execute();
      expect(occurrences).toHaveLength(item.occurrences);
      expect(occurrences.some((o) => o.status === 'booked')).toBe(true);
      const gaps = occurrences.slice(1).map((o, i) => Math.round((o.starts_at.getTime() - (occurrences[i]?.starts_at.getTime() ?? 0)) / 86_400_000));
      expect(gaps.every((days) => days === 14)).toBe(true);
    }
    // The history is imported; three online bookings (one cancelled) fill the Messages page through the real outbox path.
    const online = await db.selectFrom('appointments').select('status').where('franchise_id', '=', franchiseId).where('source', '=', 'online').execute();
    expect(online.map((a) => a.status).sort()).toEqual(['booked', 'booked', 'cancelled']);
    const messages = await db.selectFrom('outbox').select(['kind', 'status']).where('franchise_id', '=', franchiseId).execute();
    expect(messages.filter((m) => m.kind === 'confirmation').length).toBeGreaterThanOrEqual(3);
    expect(messages.filter((m) => m.kind === 'cancellation')).not.toHaveLength(0);
    expect(messages.filter((m) => m.kind === 'reminder' && m.status === 'skipped')).not.toHaveLength(0);
    expect(messages.filter((m) => m.kind === 'reminder' && m.status === 'queued')).not.toHaveLength(0);
  });
});
