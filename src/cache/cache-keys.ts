/**
 * Key layout (DESIGN.md section 6): `{region}:{franchiseId}:{key}`, e.g.
 * `us-east-1:{0190a5e2-…}:location:0190a5e3-…`. The braces are a Redis Cluster
 * hash tag: only the franchise id is hashed, so every key of one franchise
 * lands in one slot. That keeps multi-key commands (MGET of generations, a
 * session's MULTI) legal on a cluster and a franchise's cache on one node.
 */
export function franchiseKey(region: string, franchiseId: string, key: string): string {
  if (/[{}]/.test(franchiseId) || franchiseId === '') throw new Error(`franchise id "${franchiseId}" cannot be a hash tag`);
  return `${region}:{${franchiseId}}:${key}`;
}

export interface AvailabilityKeyParts {
  readonly locationId: string;
  readonly serviceId: string;
  readonly barberId?: string | null | undefined;
  readonly date: string;
  readonly days: number;
  /**
   * The request's clock minute, `Math.floor(clock.now().getTime() / 60_000)`:
   * availability depends on "now" (minimum notice, today's past hours), so an
   * answer is reused within the minute it was computed for, and a test that
   * pins or moves the clock never gets an answer computed for another time.
   */
  readonly asOfMinute?: number | undefined;
}

/** TTLs (DESIGN.md section 6; docs/CACHING.md). */
export const CACHE_TTL_SECONDS = {
  /** Services, barbers, hours: changes are rare and invalidate explicitly. */
  locationPage: 60 * 60,
  /** Short: bookings invalidate explicitly; the TTL bounds what "now" drift and missed invalidations can cost. */
  availability: 2 * 60,
} as const;

/** Keys relative to a franchise; `franchiseKey` (through FranchiseCache) adds region and hash tag. */
export const cacheKeys = {
  /** The public location page: services, barbers, hours. */
  locationPage: (locationId: string): string => `location:${locationId}`,
  availability: (parts: AvailabilityKeyParts): string =>
    `availability:${parts.locationId}:${parts.serviceId}:${parts.barberId ?? 'any'}:${parts.date}:${parts.days}` +
    (parts.asOfMinute === undefined ? '' : `:m${parts.asOfMinute}`),
  /** Bumped by every write to the franchise's menu, staff, hours or placement. */
  franchiseGeneration: 'gen',
  /** Bumped by every booking change at one location. */
  bookingGeneration: (locationId: string): string => `gen:bookings:${locationId}`,
} as const;

/**
 * The part of a key Redis Cluster hashes: the text between the first `{` and
 * the next `}`, when not empty (https://redis.io/docs/reference/cluster-spec/#hash-tags).
 */
export function hashTagOf(key: string): string | undefined {
  const open = key.indexOf('{');
  if (open < 0) return undefined;
  const close = key.indexOf('}', open + 1);
  if (close < 0 || close === open + 1) return undefined;
  return key.slice(open + 1, close);
}
