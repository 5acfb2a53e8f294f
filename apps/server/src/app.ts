import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Deps } from './lib/deps';
import { installGuard } from './lib/guard';
import type { Access } from './lib/http';
import { installIdempotency } from './lib/idempotency';
import { installInputGuard } from './lib/input-guard';
import { logSerializers } from './lib/logging';
import { errorHandler, sendProblem } from './lib/problem';
import { activitiesRoutes } from './modules/activities/activities.routes';
import { alertsRoutes } from './modules/alerts/alerts.routes';
import { auditRoutes } from './modules/audit/audit.routes';
import { authRoutes } from './modules/auth/auth.routes';
import { dummyPasswordHash } from './modules/auth/password';
import { calculatorsRoutes } from './modules/calculators/calculators.routes';
import { dashboardRoutes } from './modules/dashboard/dashboard.routes';
import { documentsRoutes } from './modules/documents/documents.routes';
import { employeesRoutes } from './modules/employees/employees.routes';
import { employmentRoutes } from './modules/employment/employment.routes';
import { importsRoutes } from './modules/imports/imports.routes';
import { incentivesRoutes } from './modules/incentives/incentives.routes';
import { integrationsRoutes } from './modules/integrations/integrations.routes';
import { metricsRoutes } from './modules/metrics/metrics.routes';
import { notificationsRoutes } from './modules/notifications/notifications.routes';
import { orgUnitsRoutes } from './modules/org-units/org-units.routes';
import { planRoutes } from './modules/plans/plans.routes';
import { poolRoutes } from './modules/pool/pool.routes';
import { positionsRoutes } from './modules/positions/positions.routes';
import { probationRoutes } from './modules/probation/probation.routes';
import { reviewsRoutes } from './modules/reviews/reviews.routes';
import { gradeScalesRoutes } from './modules/scorecards/grade-scales.routes';
import { scorecardTemplatesRoutes } from './modules/scorecards/templates.routes';
import { systemRoutes } from './modules/system/system.routes';
import { talentRoutes } from './modules/talent/talent.routes';
import { targetsRoutes } from './modules/targets/targets.routes';
import { trajectoriesRoutes } from './modules/trajectories/trajectories.routes';
import { usersRoutes } from './modules/users/users.routes';

export const webDistDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export interface RouteSummary {
  method: string;
  url: string;
  access: Access | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its declared access rule; the authorization matrix test walks it. */
    routeCatalog: RouteSummary[];
  }
}

export interface BuildAppOptions {
  /** Serve the built web app (off in API tests). */
  serveWeb?: boolean;
  logger?: boolean;
}

export async function buildApp(deps: Omit<Deps, 'logger'>, opts: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger === false ? false : { level: deps.config.logLevel, serializers: logSerializers },
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: deps.config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{8,64}$/.test(given) ? given : randomUUID();
    },
  }).withTypeProvider<ZodTypeProvider>();
  const fullDeps: Deps = { ...deps, logger: app.log };

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  installInputGuard(app);
  // The first failed sign-in must not be slower than the others.
  void dummyPasswordHash();

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Stride API',
        version: '1.0.0',
        description: 'Stride HR: people, organization, sign-in and audit.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'stride_session' },
          apiKey: { type: 'http', scheme: 'bearer', description: 'Integration API key (sk_…)' },
        },
      },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  installGuard(app, fullDeps);
  installIdempotency(app, fullDeps);
  const routeCatalog: RouteSummary[] = [];
  app.decorate('routeCatalog', routeCatalog);
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const m of methods) if (m !== 'HEAD') routeCatalog.push({ method: m, url: r.url, access: r.config?.access });
  });

  await app.register(systemRoutes, { deps: fullDeps });
  await app.register(
    async (api) => {
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
      await api.register(authRoutes, { deps: fullDeps });
      await api.register(orgUnitsRoutes, { deps: fullDeps });
      await api.register(positionsRoutes, { deps: fullDeps });
      await api.register(employeesRoutes, { deps: fullDeps });
      await api.register(usersRoutes, { deps: fullDeps });
      await api.register(auditRoutes, { deps: fullDeps });
      await api.register(integrationsRoutes, { deps: fullDeps });
      await api.register(activitiesRoutes, { deps: fullDeps });
      await api.register(metricsRoutes, { deps: fullDeps });
      await api.register(importsRoutes, { deps: fullDeps });
      await api.register(scorecardTemplatesRoutes, { deps: fullDeps });
      await api.register(gradeScalesRoutes, { deps: fullDeps });
      await api.register(targetsRoutes, { deps: fullDeps });
      await api.register(trajectoriesRoutes, { deps: fullDeps });
      await api.register(dashboardRoutes, { deps: fullDeps });
      await api.register(reviewsRoutes, { deps: fullDeps });
      await api.register(probationRoutes, { deps: fullDeps });
      await api.register(notificationsRoutes, { deps: fullDeps });
      await api.register(poolRoutes, { deps: fullDeps });
      await api.register(talentRoutes, { deps: fullDeps });
      await api.register(planRoutes, { deps: fullDeps });
      await api.register(alertsRoutes, { deps: fullDeps });
      await api.register(calculatorsRoutes, { deps: fullDeps });
      await api.register(incentivesRoutes, { deps: fullDeps });
      await api.register(employmentRoutes, { deps: fullDeps });
      await api.register(documentsRoutes, { deps: fullDeps });
    },
    { prefix: '/api/v1' },
  );

  const hasWeb = opts.serveWeb !== false && existsSync(path.join(webDistDir, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDistDir,
      // Looked up per request, so a rebuilt web app is served without a restart.
      wildcard: true,
      cacheControl: false,
      setHeaders: (reply, filePath) => {
        // Hashed bundles never change; everything else is revalidated so a deploy is picked up at once.
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  app.setNotFoundHandler((req, reply) => {
    const isFile = /\.[a-z0-9]+$/i.test(req.url.split('?')[0]);
    if (req.url.startsWith('/api/') || !hasWeb || (req.method !== 'GET' && req.method !== 'HEAD') || isFile) {
      return sendProblem(req, reply, 'NOT_FOUND');
    }
    // Client-side routes of the single-page app.
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  });

  return app;
}
