import {
  cohortCurvesQuery,
  cohortCurves as cohortCurvesSchema,
  teamTrajectoriesQuery,
  teamTrajectories as teamTrajectoriesSchema,
  trajectoryQuery,
  trajectory as trajectorySchema,
} from '@stride/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { todayIn } from '../../lib/dates';
import type { Deps } from '../../lib/deps';
import { authOf } from '../../lib/http';
import { resolveScope } from '../access/scope';
import { cohortCurves, teamTrajectories } from './cohort.service';
import { personTrajectory, type TrajectoryCtx } from './trajectory.service';

const managers = ['admin', 'hr', 'manager'] as const;

export const trajectoriesRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const ctxOf = async (req: FastifyRequest): Promise<TrajectoryCtx> => {
    const auth = authOf(req);
    return { auth, scope: await resolveScope(deps.db, auth), today: todayIn(auth.orgTimeZone, deps.clock()) };
  };

  app.get(
    '/employees/:id/trajectory',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['trajectories'],
        summary:
          'A person’s whole timeline (成长轨迹): metrics with targets, review results, markers, growth speed, volatility and slack index',
        params: z.object({ id: z.uuid() }),
        querystring: trajectoryQuery,
        response: { 200: trajectorySchema },
      },
    },
    async (req) => personTrajectory(deps.db, await ctxOf(req), req.params.id, req.query, req.locale),
  );

  app.get(
    '/trajectories/cohort-curves',
    {
      config: { access: managers },
      schema: {
        tags: ['trajectories'],
        summary: 'Quartiles of a metric by months since hire across the people in scope, with one person’s own line',
        querystring: cohortCurvesQuery,
        response: { 200: cohortCurvesSchema },
      },
    },
    async (req) => cohortCurves(deps.db, await ctxOf(req), req.query, req.locale),
  );

  app.get(
    '/trajectories/team',
    {
      config: { access: managers },
      schema: {
        tags: ['trajectories'],
        summary: 'The people of a unit side by side: monthly values by calendar month and by months since hire',
        querystring: teamTrajectoriesQuery,
        response: { 200: teamTrajectoriesSchema },
      },
    },
    async (req) => teamTrajectories(deps.db, await ctxOf(req), req.query, req.locale),
  );
};
