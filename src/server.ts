import { buildApp } from './app.js';
import { createLogger } from './observability/logger.js';
import { buildPlatform } from './composition-root.js';
import type { Config } from './config/config.js';
import { locateCatalog, migrateAll, prepareCatalog } from './platform/bootstrap.js';
import { siteRoutes } from './site/site.routes.js';
import { startTracing } from './observability/tracing/tracing.js';
import { tracingLogOptions } from './observability/tracing/log-fields.js';
import { startBackgroundTasks } from './platform/background-tasks.js';
import { buildOpsApp } from './platform/ops-app.js';

/**
 * The thin server entry (STYLE.md point 1): config in, dependencies built,
 * listen, and a graceful stop on SIGTERM/SIGINT — readiness goes 503, in-flight
 * requests finish, pools close, exit 0.
 */
export async function serve(config: Config): Promise<void> {
  const startedAt = performance.now();
  // Tracing first: the logger's mixin adds trace ids only when tracing is on.
  const tracing = startTracing(config.tracing, 'server');
  const logger = createLogger({ level: config.logLevel, base: { service: 'bookedbarber' }, options: tracingLogOptions() });
  tracing.useLogger(logger);
  const { catalogUrl, embedded } = await locateCatalog(config, logger);

  const platform = buildPlatform(config, logger, { catalogUrl });
  const { catalog } = platform.core;
  await prepareCatalog(catalog, { regions: config.regions, localShardUrl: embedded?.shardUrl }, logger);
  await migrateAll(catalog, logger);
  await platform.start();
  const background = startBackgroundTasks(platform, config, logger);
  // The embedded default sends (or, with no provider set, stores) its messages itself; a fleet runs `bookedbarber worker`.
  const outbox = config.notifications.workerInProcess ? platform.outboxWorker() : undefined;
  outbox?.worker.start();
  const demo = config.demoData ? await platform.seedDemoData() : undefined;

  const app = await buildApp({
    ...platform.http,
    siteRoutes: [siteRoutes],
    logger,
  });
  const address = await app.listen({ port: config.port, host: config.host });
  // OPS_PORT: probes and scrapes on an internal listener; the public one keeps /health only.
  const ops = config.opsPort === undefined ? undefined : await buildOpsApp({ readiness: platform.readiness, metrics: platform.core.metrics, logger });
  const opsAddress = ops && config.opsPort !== undefined ? await ops.listen({ port: config.opsPort, host: config.opsHost }) : undefined;

  const base = address.replace('127.0.0.1', 'localhost');
  const lines = [
    '',
    `  BookedBarber is running on ${base}  (started in ${Math.round(performance.now() - startedAt)} ms)`,
    `  API docs:  ${base}/docs`,
    opsAddress
      ? `  Health:    ${base}/health   (ops port: ${opsAddress}/ready   ${opsAddress}/metrics)`
      : `  Health:    ${base}/health   ${base}/ready   ${base}/metrics`,
    embedded ? `  Database:  embedded PostgreSQL in ${config.dataDir}` : '  Database:  catalog from CATALOG_DATABASE_URL',
  ];
  if (demo && demo.ownerEmail) {
    lines.push(`  Demo:      sign in as ${demo.ownerEmail} / ${demo.ownerPassword}`);
    for (const slug of demo.locationSlugs) lines.push(`             booking page ${base}/book/${slug}  (API ${base}/api/v1/locations/${slug})`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining');
    platform.readiness.startDraining();
    // Give load balancers time to see /ready fail before the listener closes.
    if (config.shutdownDrainMs > 0) await new Promise((resolve) => setTimeout(resolve, config.shutdownDrainMs));
    try {
      await app.close(); // waits for in-flight requests
      await background.stop();
      await outbox?.close(); // sends in flight finish
      await ops?.close();
      await platform.close();
      await embedded?.server.stop();
      await tracing.shutdown();
      logger.info('stopped cleanly');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
}
