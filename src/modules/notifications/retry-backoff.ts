/**
 * The wait before attempt `attempts + 1`: exponential from `baseMs`, capped,
 * with jitter (a random point in the upper half), so messages that failed
 * together do not all retry in the same second.
 */
export function retryDelayMs(attempts: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
