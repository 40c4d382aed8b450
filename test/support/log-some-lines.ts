// Run as its own process by src/observability/logger.test.ts: logs as the server does, then exits at once
// (as the graceful stop does), so the test sees what a terminal or a pipe receives.
import { createLogger } from '../../src/observability/logger.js';

const logger = createLogger({ level: 'info', base: { service: 'bookedbarber' } });
logger.info({ req: { method: 'GET', url: '/api/v1/locations/demo' }, requestId: 'r-1' }, 'incoming request');
logger.info({ res: { statusCode: 200 }, responseTime: 4.2, requestId: 'r-1' }, 'request completed');
logger.info('stopped cleanly');
process.exit(0);
