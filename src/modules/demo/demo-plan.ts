import type { LocationAddress } from '../../db/shard-schema.js';
import type { WeeklyInterval } from '../barbers/schedule-rules.js';

/** The one demo franchise: what `npm start` shows on a fresh machine. */
export const DEMO_OWNER = { email: 'owner@demo.bookedbarber.dev', password: 'demo-owner-2027', name: 'Dana Fade' } as const;
/** A barber of the first location who signs in to their own column ("my day"); its email is Marcus Reid's column's. */
export const DEMO_BARBER = { email: 'marcus@demo.bookedbarber.dev', password: 'demo-barber-2027', name: 'Marcus Reid' } as const;
export const DEMO_FRANCHISE = { name: 'Fade & Co', slug: 'fade-and-co', region: 'us-east-1' } as const;

export interface DemoService {
  readonly name: string;
  readonly durationMinutes: number;
  readonly bufferMinutes: number;
  readonly priceCents: number;
  readonly depositCents: number;
  /** How often clients book it, relative to the others. */
  readonly popularity: number;
}

export interface DemoBarber {
  readonly name: string;
  readonly email: string;
  readonly weekly: readonly WeeklyInterval[];
  /** Services (by name) this barber does not do. */
  readonly skips: readonly string[];
}

export interface DemoLocation {
  readonly name: string;
  readonly slug: string;
  readonly timezone: string;
  readonly currency: string;
  readonly address: LocationAddress;
  readonly phonePrefix: string;
  readonly clientCount: number;
  readonly seed: number;
  readonly services: readonly DemoService[];
  readonly barbers: readonly DemoBarber[];
}

const days = (weekdays: readonly number[], start: string, end: string): WeeklyInterval[] => weekdays.map((weekday) => ({ weekday, start, end }));

/** Tue–Sat 09:00–18:00 with Thursday as the late day (11:00–20:00). */
const fullTimeWithLateThursday = [...days([2, 3, 5, 6], '09:00', '18:00'), ...days([4], '11:00', '20:00')];

// price, deposit in minor units of the location's currency; a short clean-up buffer after the longer services.
const menu = (prices: readonly [number, number, number, number, number, number]): DemoService[] => [
  { name: 'Haircut', durationMinutes: 30, bufferMinutes: 0, priceCents: prices[0], depositCents: 0, popularity: 10 },
  { name: 'Skin fade', durationMinutes: 45, bufferMinutes: 5, priceCents: prices[1], depositCents: 0, popularity: 7 },
  { name: 'Beard trim', durationMinutes: 20, bufferMinutes: 0, priceCents: prices[2], depositCents: 0, popularity: 4 },
  { name: 'Cut & beard', durationMinutes: 60, bufferMinutes: 10, priceCents: prices[3], depositCents: Math.round(prices[3] / 5), popularity: 5 },
  { name: 'Kids cut', durationMinutes: 25, bufferMinutes: 0, priceCents: prices[4], depositCents: 0, popularity: 3 },
  { name: 'Hot towel shave', durationMinutes: 30, bufferMinutes: 10, priceCents: prices[5], depositCents: 0, popularity: 2 },
];

export const DEMO_LOCATIONS: readonly DemoLocation[] = [
  {
    name: 'Fade & Co New York',
    slug: 'fade-and-co-new-york',
    timezone: 'America/New_York',
    currency: 'USD',
    address: { line1: '214 Bedford Ave', city: 'Brooklyn', region: 'NY', postalCode: '11249', country: 'US' },
    phonePrefix: '+1 212 555 ',
    clientCount: 420,
    seed: 2027_0314,
    services: menu([4000, 5000, 2500, 6500, 2800, 4000]),
    barbers: [
      { name: 'Marcus Reid', email: 'marcus@demo.bookedbarber.dev', weekly: fullTimeWithLateThursday, skips: [] },
      { name: 'Jay Alvarez', email: 'jay@demo.bookedbarber.dev', weekly: [...days([2, 3, 4, 6], '10:00', '19:00'), ...days([5], '12:00', '21:00')], skips: ['Hot towel shave'] },
      { name: 'Andre Thompson', email: 'andre@demo.bookedbarber.dev', weekly: [...days([1, 3, 5], '09:00', '17:00'), ...days([6], '08:00', '16:00')], skips: ['Kids cut'] },
      // Part-time: weekend shifts plus one evening.
      { name: 'Sofia Marino', email: 'sofia@demo.bookedbarber.dev', weekly: [...days([3], '15:00', '20:00'), ...days([6], '09:00', '15:00'), ...days([7], '10:00', '16:00')], skips: ['Hot towel shave', 'Cut & beard'] },
    ],
  },
  {
    name: 'Fade & Co London',
    slug: 'fade-and-co-london',
    timezone: 'Europe/London',
    currency: 'GBP',
    address: { line1: '48 Redchurch Street', city: 'London', postalCode: 'E2 7DP', country: 'GB' },
    phonePrefix: '+44 20 7946 ',
    clientCount: 300,
    seed: 2027_1105,
    services: menu([2800, 3500, 1800, 4800, 2000, 3000]),
    barbers: [
      { name: 'Oliver Hughes', email: 'oliver@demo.bookedbarber.dev', weekly: fullTimeWithLateThursday, skips: [] },
      { name: 'Kwame Mensah', email: 'kwame@demo.bookedbarber.dev', weekly: [...days([1, 2, 3, 5], '10:00', '19:00'), ...days([4], '12:00', '20:30')], skips: ['Kids cut'] },
      // Part-time: Friday evening and Saturday.
      { name: 'Tom Baker', email: 'tom@demo.bookedbarber.dev', weekly: [...days([5], '14:00', '20:00'), ...days([6], '09:00', '17:00')], skips: ['Hot towel shave'] },
    ],
  },
];

export const FIRST_NAMES = [
  'James', 'Liam', 'Noah', 'Ethan', 'Mason', 'Lucas', 'Logan', 'Elijah', 'Aiden', 'Carter', 'Daniel', 'Henry', 'Owen', 'Samuel', 'Isaac',
  'Leo', 'Caleb', 'Nathan', 'Ryan', 'Adrian', 'Miles', 'Jordan', 'Malik', 'Omar', 'Rafael', 'Diego', 'Kenji', 'Arjun', 'Tariq', 'Felix',
  'Harry', 'George', 'Alfie', 'Archie', 'Freddie', 'Theo', 'Reggie', 'Kofi', 'Yusuf', 'Callum', 'Priya', 'Maya', 'Zoe', 'Ava', 'Chloe',
];

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Lopez', 'Wilson', 'Anderson',
  'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Young', 'King',
  'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Hill', 'Campbell', 'Okafor', 'Nguyen', 'Patel', 'Khan', 'Evans', 'Murphy',
];
