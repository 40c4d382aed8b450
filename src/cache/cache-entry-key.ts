import { cacheKeys, franchiseKey } from './cache-keys.js';

interface EntryKeyBase {
  /** The full Redis key, as stored. */
  readonly key: string;
  readonly region: string;
  readonly franchiseId: string;
  readonly locationId: string;
  /** The generation tokens after `@`: the franchise's, then (availability) the location's bookings token. */
  readonly tokens: readonly string[];
}

export interface LocationPageEntryKey extends EntryKeyBase {
  readonly tier: 'location_page';
}

export interface AvailabilityEntryKey extends EntryKeyBase {
  readonly tier: 'availability';
  readonly serviceId: string;
  readonly barberId: string | null;
  readonly date: string;
  readonly days: number;
  readonly asOfMinute: number | undefined;
}

export type CacheEntryKey = LocationPageEntryKey | AvailabilityEntryKey;

// `{region}:{franchiseId}:{key}@{token}[.{token}]`; tokens are base64url, so a lock key (`…@…:lock`) never matches.
const VERSIONED = /^([^:{}]+):\{([^{}]+)\}:(.+)@([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)?)$/;
const LOCATION_PAGE = /^location:([^:]+)$/;
const AVAILABILITY = /^availability:([^:]+):([^:]+):([^:]+):(\d{4}-\d{2}-\d{2}):(\d+)(?::m(\d+))?$/;

/**
 * Reads a cache entry's key back into what it was computed from (the reverse
 * of `cacheKeys` + FranchiseCache's versioning). Anything else — generation
 * tokens, locks, sessions, rate-limit counters, keys of an older layout —
 * answers undefined. A parse is accepted only if rebuilding the key gives the
 * same text, so a key layout change cannot be misread silently.
 */
export function parseCacheEntryKey(key: string): CacheEntryKey | undefined {
  const versioned = VERSIONED.exec(key);
  if (!versioned) return undefined;
  const [, region = '', franchiseId = '', inner = '', tokenText = ''] = versioned;
  const tokens = tokenText.split('.');
  const page = LOCATION_PAGE.exec(inner);
  if (page && tokens.length === 1) {
    const locationId = page[1] ?? '';
    if (cacheKeys.locationPage(locationId) !== inner) return undefined;
    return { tier: 'location_page', key, region, franchiseId, locationId, tokens };
  }
  const availability = AVAILABILITY.exec(inner);
  if (availability && tokens.length === 2) {
    const [, locationId = '', serviceId = '', barber = '', date = '', days = '', minute] = availability;
    const parts = {
      locationId,
      serviceId,
      barberId: barber === 'any' ? null : barber,
      date,
      days: Number(days),
      asOfMinute: minute === undefined ? undefined : Number(minute),
    };
    if (cacheKeys.availability(parts) !== inner) return undefined;
    return { tier: 'availability', key, region, franchiseId, tokens, ...parts };
  }
  return undefined;
}

/** The generation keys an entry's tokens must still equal for the entry to be reachable. */
export function generationKeysOf(entry: CacheEntryKey): string[] {
  const keys = [franchiseKey(entry.region, entry.franchiseId, cacheKeys.franchiseGeneration)];
  if (entry.tier === 'availability') keys.push(franchiseKey(entry.region, entry.franchiseId, cacheKeys.bookingGeneration(entry.locationId)));
  return keys;
}
