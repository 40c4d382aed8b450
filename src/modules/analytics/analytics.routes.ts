import type { App, RouteModule } from '../../http/app-types.js';
import { problemResponses } from '../../http/common-schemas.js';
import type { AnalyticsService } from './analytics.service.js';
import { FranchiseParams } from '../../http/route-params.js';
import { AnalyticsQuerystring, AnalyticsReportSchema } from './analytics.schemas.js';

/** GET /franchises/:franchiseId/analytics — the owner's numbers (DESIGN.md sections 1 and 7). */
export function analyticsRoutes(analytics: AnalyticsService): RouteModule {
  return (app: App) => {
    app.get(
      '/franchises/:franchiseId/analytics',
      {
        schema: {
          tags: ['analytics'],
          operationId: 'getAnalyticsReport',
          summary: "The owner's numbers for a period, per location and per barber",
          description:
            'from and to are local dates (YYYY-MM-DD) read in each location\'s own time zone; both days are included; at most 366 days. ' +
            'Without locationId: every location the caller may see, side by side, plus their summary. Money is reported per currency. ' +
            'Each ratio carries its numerator and denominator; `formulas` explains each number (see docs/ANALYTICS.md).',
          security: [{ session: [] }],
          params: FranchiseParams,
          querystring: AnalyticsQuerystring,
          response: { 200: AnalyticsReportSchema, ...problemResponses(400, 401, 403, 404, 503) },
        },
      },
      async (request) => analytics.report(request.ctx, request.params.franchiseId, request.query),
    );
  };
}
