import { dashboardQuery, dashboard as dashboardSchema } from '@stride/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { todayIn } from '../../lib/dates';
import type { Deps } from '../../lib/deps';
import { authOf } from '../../lib/http';
import { resolveScope } from '../access/scope';
import { homeDashboard } from './dashboard.service';

export const dashboardRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/dashboard',
    {
      // Employees have no dashboard: every figure on it is about other people (their home is their profile).
      config: { access: ['admin', 'hr', 'manager'] },
      schema: {
        tags: ['dashboard'],
        summary:
          'Home of HR, admin (the organization) and managers (their units): live alerts, the pool, team attainment, grades, movers',
        querystring: dashboardQuery,
        response: { 200: dashboardSchema },
      },
    },
    async (req) => {
      const auth = authOf(req);
      const ctx = { auth, scope: await resolveScope(deps.db, auth), today: todayIn(auth.orgTimeZone, deps.clock()) };
      return homeDashboard(deps.db, ctx, req.query, req.locale);
    },
  );
};
