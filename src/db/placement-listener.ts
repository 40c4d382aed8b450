import pg from 'pg';
import type { Logger } from 'pino';

export const PLACEMENT_CHANNEL = 'franchise_placement';
const MAX_RETRY_MS = 2_000;

/**
 * LISTENs on the catalog for placement changes (the catalog's trigger sends the
 * franchise id) and tells the router to forget its cached copy. A lost
 * connection may have missed notifications, so on reconnect everything cached
 * is dropped and the listener comes back with backoff.
 */
export class PlacementListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;

  constructor(
    private readonly catalogUrl: string,
    private readonly onChange: (franchiseId: string) => void,
    private readonly onResync: () => void,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.catalogUrl, application_name: 'bookedbarber:placement-listener', connectionTimeoutMillis: 5_000 });
    client.on('notification', (message) => {
      if (message.channel === PLACEMENT_CHANNEL && message.payload) this.onChange(message.payload);
    });
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'placement listener lost the catalog; will reconnect');
      this.scheduleReconnect(client);
    });
    client.on('end', () => this.scheduleReconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${PLACEMENT_CHANNEL}`);
      this.client = client;
      this.attempt = 0;
      this.onResync();
    } catch (error) {
      this.logger.warn({ err: error }, 'placement listener could not connect; will retry');
      this.scheduleReconnect(client);
    }
  }

  private scheduleReconnect(client: pg.Client): void {
    if (this.stopped || this.retryTimer || (this.client !== undefined && this.client !== client)) return;
    this.client = undefined;
    void client.end().catch(() => undefined);
    // Capped low: every moment unsubscribed is a moment a placement change can go unheard (the poller is the slower net).
    const delay = Math.min(MAX_RETRY_MS, 250 * 2 ** this.attempt++);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delay);
    this.retryTimer.unref();
  }
}
