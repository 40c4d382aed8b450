import type { Platform } from '../composition-root.js';

/**
 * `bookedbarber worker`: an outbox worker over every shard until SIGTERM or
 * SIGINT, which let the sends in flight finish before the exit. SIGKILL loses
 * nothing either: the claimed messages' leases expire and another worker takes them.
 */
export async function runWorker(platform: Platform, out: (line: string) => void): Promise<number> {
  await platform.start();
  const handle = platform.outboxWorker();
  const { notifications } = platform.core.config;
  out(`outbox worker started (email: ${notifications.smtpUrl ? 'SMTP' : 'stored only'}, sms: ${notifications.twilio ? 'Twilio' : 'stored only'}); SIGTERM stops it`);
  handle.worker.start();
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      out(`${signal}: finishing the sends in flight`);
      resolve();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await handle.close();
  out('outbox worker stopped');
  return 0;
}
