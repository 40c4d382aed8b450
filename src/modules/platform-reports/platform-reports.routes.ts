import type { App, RouteModule } from '../../http/app-types.js';
import { problemResponses } from '../../http/common-schemas.js';
import { invalid } from '../../errors/domain-error.js';
import { isLocalDate } from '../../time/instants.js';
import type { PlatformReportsService } from './platform-reports.service.js';
import { PlatformReportQuery, PlatformReportSchema } from './platform-reports.schemas.js';

const DAY_MS = 86_400_000;

/** Dates are UTC calendar days, `to` included; the default is the last 30 days. */
export function reportRange(from: string | undefined, to: string | undefined, now: Date): { from: Date; to: Date } {
  for (const [name, value] of [['from', from], ['to', to]] as const) {
    if (value !== undefined && !isLocalDate(value)) throw invalid(`query.${name}`, 'must be a real date YYYY-MM-DD');
  }
  const end = to ? new Date(`${to}T00:00:00Z`).getTime() + DAY_MS : Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY_MS;
  const start = from ? new Date(`${from}T00:00:00Z`).getTime() : end - 30 * DAY_MS;
  return { from: new Date(start), to: new Date(end) };
}

export function platformReportsRoutes(reports: PlatformReportsService, now: () => Date): RouteModule {
  return (app: App) => {
    app.get(
      '/platform/reports',
      {
        schema: {
          tags: ['platform'],
          operationId: 'getPlatformReport',
          security: [{ session: [] }],
          summary: 'Bookings, revenue and franchise counts by region and by shard (platform_admin)',
          querystring: PlatformReportQuery,
          response: { 200: PlatformReportSchema, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => reports.summary(request.ctx, reportRange(request.query.from, request.query.to, now())),
    );
  };
}
