import type { App, RouteModule } from '../../http/app-types.js';
import { problemResponses } from '../../http/common-schemas.js';
import type { PlatformReportsService } from './platform-reports.service.js';
import { reportRange } from './report-range.js';
import { PlatformReportQuery, PlatformReportSchema } from './platform-reports.schemas.js';

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
