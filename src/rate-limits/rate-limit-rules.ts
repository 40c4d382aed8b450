/** A fixed window: `points` requests per `windowSeconds`. */
export interface WindowLimit {
  readonly points: number;
  readonly windowSeconds: number;
}

/** Every limiter the API uses (DESIGN.md section 6: 1-minute windows). */
export interface RateLimitRules {
  /** Login attempts for one account from one address: slows password guessing against one person. */
  readonly loginPerAccount: WindowLimit;
  /**
   * Login attempts for one account from every address together: forged or
   * rotating addresses do not help. Past it the account is locked, for longer
   * each time (see loginLockouts).
   */
  readonly loginPerAccountAnyIp: WindowLimit;
  /** Lockouts counted per account in this window: the n-th lasts 2^(n-1) times the first (capped). */
  readonly loginLockouts: WindowLimit;
  /** Login attempts from one address over all accounts: slows credential stuffing. */
  readonly loginPerIp: WindowLimit;
  /** Signups from one address: each costs an argon2 hash. */
  readonly signupPerIp: WindowLimit;
  /** Bookings created from one address. */
  readonly bookingPerIp: WindowLimit;
  /** Bookings created for one client email, from anywhere: stops a script filling a shop's day under one name. */
  readonly bookingPerEmail: WindowLimit;
  /**
   * Public bookings at one location, whatever the email or address: a ceiling a
   * real shop does not reach (30 in 10 minutes is 180 an hour), so a script
   * varying emails and addresses cannot fill a day's calendar in minutes.
   */
  readonly bookingPerLocation: WindowLimit;
  /**
   * Public bookings from one device at one location, over all emails. The device
   * is its address (with TRUST_PROXY set right): a cookie would be the client's
   * to drop or vary. Per location, so a carrier NAT shared by many is not one budget.
   */
  readonly bookingPerDevice: WindowLimit;
  /** Every /api/v1 request from one address. Generous: a shop's clients may share a carrier NAT. */
  readonly apiPerIp: WindowLimit;
  /** Password-reset requests from one address: each may send an email. */
  readonly passwordResetPerIp: WindowLimit;
  /** Password-reset requests for one email from anywhere: nobody's inbox is flooded with links. */
  readonly passwordResetPerEmail: WindowLimit;
}

export type RateLimitName = keyof RateLimitRules;

export const DEFAULT_RATE_LIMITS: RateLimitRules = {
  loginPerAccount: { points: 10, windowSeconds: 60 },
  loginPerAccountAnyIp: { points: 20, windowSeconds: 15 * 60 },
  loginLockouts: { points: 1000, windowSeconds: 24 * 60 * 60 },
  loginPerIp: { points: 100, windowSeconds: 60 },
  signupPerIp: { points: 30, windowSeconds: 60 },
  bookingPerIp: { points: 30, windowSeconds: 60 },
  bookingPerEmail: { points: 10, windowSeconds: 60 },
  bookingPerLocation: { points: 30, windowSeconds: 10 * 60 },
  bookingPerDevice: { points: 10, windowSeconds: 60 * 60 },
  apiPerIp: { points: 600, windowSeconds: 60 },
  passwordResetPerIp: { points: 10, windowSeconds: 60 },
  passwordResetPerEmail: { points: 3, windowSeconds: 15 * 60 },
};
