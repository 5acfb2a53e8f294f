import { pickLocale } from '@stride/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticate, SESSION_COOKIE } from '../modules/auth/auth.service';
import { authenticateApiKey } from '../modules/integrations/integrations.service';
import type { Deps } from './deps';
import { sendProblem } from './problem';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function requestOrigin(req: FastifyRequest): string | null {
  const origin = req.headers.origin;
  if (origin && origin !== 'null') return origin;
  const referer = req.headers.referer;
  if (referer) {
    try {
      return new URL(referer).origin;
    } catch {
      return null;
    }
  }
  return null;
}

function isTrustedOrigin(deps: Deps, req: FastifyRequest, origin: string): boolean {
  if (deps.config.trustedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * Installs the one place where authorization happens: locale, session, CSRF origin check and the
 * route's declared access rule. Resource-level scope (which rows) lives in modules/access/scope.ts.
 */
export function installGuard(app: FastifyInstance, deps: Deps) {
  app.decorateRequest('auth', null);
  app.decorateRequest('integration', null);
  app.decorateRequest('locale', 'zh-CN');

  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    if (url.startsWith('/api/v1') && !url.startsWith('/api/v1/openapi') && route.config?.access === undefined) {
      throw new Error(`Route ${route.method} ${url} does not declare config.access`);
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    req.locale = pickLocale(req.headers['accept-language']);
    reply.header('x-request-id', req.id);
    const access = req.routeOptions.config?.access;
    if (access === undefined) return;

    const token = req.cookies[SESSION_COOKIE];
    // Cookie-authenticated writes must come from our own origin (SameSite is the first line, this the second).
    if (!SAFE_METHODS.has(req.method)) {
      const origin = requestOrigin(req);
      if (token && (!origin || !isTrustedOrigin(deps, req, origin)))
        return sendProblem(req, reply, 'CSRF_ORIGIN_MISMATCH');
      if (!token && origin && !isTrustedOrigin(deps, req, origin))
        return sendProblem(req, reply, 'CSRF_ORIGIN_MISMATCH');
    }
    if (access === 'public') return;
    if (typeof access === 'object' && 'integrationScope' in access) {
      const integration = await authenticateApiKey(deps, req.headers.authorization);
      if (!integration) return sendProblem(req, reply, 'API_KEY_INVALID');
      if (!integration.scopes.includes(access.integrationScope)) return sendProblem(req, reply, 'API_KEY_SCOPE');
      req.integration = integration;
      return;
    }
    const auth = await authenticate(deps, token);
    if (!auth) return sendProblem(req, reply, 'AUTH_REQUIRED');
    req.auth = auth;
    if (!req.headers['accept-language']) req.locale = auth.locale;
    if (access !== 'authenticated' && !(access as readonly string[]).includes(auth.role)) {
      return sendProblem(req, reply, 'FORBIDDEN');
    }
  });
}
