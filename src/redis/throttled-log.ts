import type { Logger } from 'pino';

/**
 * Logs the first event, then at most one line per interval with how many were
 * suppressed. A Redis outage fails every request; one line per request would
 * bury everything else in the log.
 */
export class ThrottledLog {
  private lastAt = Number.NEGATIVE_INFINITY;
  private suppressed = 0;

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  warn(fields: Record<string, unknown>, message: string): void {
    const now = this.now();
    if (now - this.lastAt < this.intervalMs) {
      this.suppressed += 1;
      return;
    }
    this.logger.warn({ ...fields, ...(this.suppressed > 0 && { suppressed: this.suppressed }) }, message);
    this.lastAt = now;
    this.suppressed = 0;
  }
}
