/** A fixed window: `points` requests per `windowSeconds`. */
export interface WindowLimit {
  readonly points: number;
  readonly windowSeconds: number;
}

/** Every limiter the API uses (DESIGN.md section 6: 1-minute windows). */
export interface RateLimitRules {
  /** Login attempts for one account from one address: slows password guessing against one person. */
  readonly loginPerAccount: WindowLimit;
  /** Login attempts from one address over all accounts: slows credential stuffing. */
  readonly loginPerIp: WindowLimit;
  /** Signups from one address: each costs an argon2 hash. */
  readonly signupPerIp: WindowLimit;
  /** Bookings created from one address. */
  readonly bookingPerIp: WindowLimit;
  /** Bookings created for one client email, from anywhere: stops a script filling a shop's day under one name. */
  readonly bookingPerEmail: WindowLimit;
  /** Every /api/v1 request from one address. Generous: a shop's clients may share a carrier NAT. */
  readonly apiPerIp: WindowLimit;
}

export type RateLimitName = keyof RateLimitRules;

export const DEFAULT_RATE_LIMITS: RateLimitRules = {
  loginPerAccount: { points: 10, windowSeconds: 60 },
  loginPerIp: { points: 100, windowSeconds: 60 },
  signupPerIp: { points: 30, windowSeconds: 60 },
  bookingPerIp: { points: 30, windowSeconds: 60 },
  bookingPerEmail: { points: 10, windowSeconds: 60 },
  apiPerIp: { points: 600, windowSeconds: 60 },
};
