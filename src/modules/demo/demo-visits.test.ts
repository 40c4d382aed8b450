import { describe, expect, it } from 'vitest';
import { DEMO_LOCATIONS } from './demo-plan.js';
import { planVisits } from './demo-visits.js';
import type { VisitPlanInput } from './demo-visits.js';
import { minutesOf } from '../barbers/schedule-rules.js';
import { DateTime } from 'luxon';

// Two days after the US switch to daylight time (Sunday 2027-03-14): the planner must keep wall-clock hours.
const NOW = new Date('2027-03-16T15:20:00Z');

function input(): VisitPlanInput {
  const plan = DEMO_LOCATIONS[0];
  if (!plan) throw new Error('no demo location');
  const services = plan.services.map((s, index) => ({ ...s, id: `service-${index}` }));
  return {
    locationId: 'loc',
    timezone: plan.timezone,
    currency: plan.currency,
    now: NOW,
    pastDays: 42,
    futureDays: 14,
    seed: plan.seed,
    clientCount: plan.clientCount,
    phonePrefix: plan.phonePrefix,
    emailTag: 'ny',
    barbers: plan.barbers.map((b, index) => ({ id: `barber-${index}`, weekly: b.weekly, serviceIds: services.filter((s) => !b.skips.includes(s.name)).map((s) => s.id) })),
    services,
  };
}

describe('planVisits', () => {
  const plan = input();
  const { clients, appointments } = planVisits(plan);

  it('never overlaps two chair-holding appointments of one barber (buffer included)', () => {
    const byBarber = new Map<string, typeof appointments>();
    for (const a of appointments) byBarber.set(a.barberId, [...(byBarber.get(a.barberId) ?? []), a]);
    for (const list of byBarber.values()) {
      const sorted = [...list].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
      for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.startsAt.getTime()).toBeGreaterThanOrEqual(sorted[i - 1]!.blockedUntil.getTime());
    }
  });

  it('keeps every appointment inside its barber’s working hours', () => {
    for (const a of appointments) {
      const barber = plan.barbers.find((b) => b.id === a.barberId)!;
      const start = DateTime.fromJSDate(a.startsAt, { zone: plan.timezone });
      const end = DateTime.fromJSDate(a.endsAt, { zone: plan.timezone });
      const startMinute = start.hour * 60 + start.minute;
      const endMinute = end.hour * 60 + end.minute;
      expect(barber.weekly.some((w) => w.weekday === start.weekday && (minutesOf(w.start) ?? 0) <= startMinute && endMinute <= (minutesOf(w.end) ?? 0))).toBe(true);
    }
  });

  it('fills 60–80 % of past working time, mostly completed with some no-shows and cancellations', () => {
    const past = appointments.filter((a) => a.endsAt <= NOW);
    // The analytics definition: minutes of booked, checked-in or completed appointments ÷ working minutes.
    const held = past.filter((a) => a.status === 'completed' || a.status === 'checked_in' || a.status === 'booked');
    const bookedMinutes = held.reduce((sum, a) => sum + (a.endsAt.getTime() - a.startsAt.getTime()) / 60_000, 0);
    let workingMinutes = 0;
    const today = DateTime.fromJSDate(NOW, { zone: plan.timezone }).startOf('day');
    for (let offset = -42; offset < 0; offset++) {
      const weekday = today.plus({ days: offset }).weekday;
      for (const barber of plan.barbers) for (const w of barber.weekly) if (w.weekday === weekday) workingMinutes += (minutesOf(w.end) ?? 0) - (minutesOf(w.start) ?? 0);
    }
    const utilization = bookedMinutes / workingMinutes;
    expect(utilization).toBeGreaterThan(0.6);
    expect(utilization).toBeLessThan(0.8);
    const share = (status: string) => past.filter((a) => a.status === status).length / past.length;
    expect(share('completed')).toBeGreaterThan(0.8);
    expect(share('no_show')).toBeGreaterThan(0.02);
    expect(share('cancelled')).toBeGreaterThan(0.03);
  });

  it('has upcoming bookings and repeat clients', () => {
    expect(appointments.filter((a) => a.startsAt > NOW && a.status === 'booked').length).toBeGreaterThan(50);
    const visits = new Map<string, number>();
    for (const a of appointments) visits.set(a.clientId, (visits.get(a.clientId) ?? 0) + 1);
    const returning = [...visits.values()].filter((n) => n > 1).length;
    expect(returning / clients.length).toBeGreaterThan(0.4);
    expect(clients.every((c) => visits.has(c.id))).toBe(true);
  });

  it('dates no booking after now and no cancellation before its booking', () => {
    for (const a of appointments) {
      expect(a.createdAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      if (a.cancelledAt) {
        expect(a.cancelledAt.getTime()).toBeGreaterThanOrEqual(a.createdAt.getTime());
        expect(a.cancelledAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      }
    }
  });

  it('is deterministic for a seed and a day', () => {
    const again = planVisits(input());
    const shape = (list: typeof appointments) => list.map((a) => [a.barberId, a.serviceId, a.startsAt.toISOString(), a.status].join());
    expect(shape(again.appointments)).toEqual(shape(appointments));
  });
});
