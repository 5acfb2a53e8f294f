import { changePasswordRequest, loginRequest, meResponse, updateMeRequest } from '@stride/contracts';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../lib/deps';
import { type AuthContext, actorOf, authOf } from '../../lib/http';
import {
  authenticate,
  changeOwnPassword,
  displayNameOf,
  login,
  logout,
  type NewSession,
  SESSION_COOKIE,
  updateOwnLocale,
} from './auth.service';

/** Longer than any failing path takes, so failures are indistinguishable by time. */
const FAILED_LOGIN_FLOOR_MS = 300;

function setSessionCookie(deps: Deps, reply: FastifyReply, s: NewSession) {
  reply.setCookie(SESSION_COOKIE, s.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.config.cookieSecure,
    path: '/',
    expires: s.expiresAt,
  });
}

async function presentMe(deps: Deps, auth: AuthContext) {
  return {
    user: {
      id: auth.userId,
      username: auth.username,
      role: auth.role,
      locale: auth.locale,
      employeeId: auth.employeeId,
      displayName: await displayNameOf(deps.db, auth),
    },
    org: { id: auth.orgId, name: auth.orgName, timeZone: auth.orgTimeZone },
  };
}

export const authRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.post(
    '/auth/login',
    {
      config: {
        access: 'public',
        rateLimit: {
          max: deps.config.loginRateLimitPerMinute,
          timeWindow: 60_000,
          hook: 'preHandler',
          keyGenerator: (req) =>
            `${req.ip}|${String((req.body as { username?: unknown })?.username ?? '').toLowerCase()}`,
        },
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with username and password',
        body: loginRequest,
        response: { 200: meResponse },
      },
    },
    async (req, reply) => {
      const started = Date.now();
      const { session } = await login(deps, req.body, {
        ip: req.ip,
        userAgent: req.headers['user-agent'],
        requestId: req.id,
      }).catch(async (err) => {
        // Every failed sign-in takes the same time, whichever path it took (unknown user, wrong password, lock).
        await new Promise((r) => setTimeout(r, Math.max(0, FAILED_LOGIN_FLOOR_MS - (Date.now() - started))));
        throw err;
      });
      setSessionCookie(deps, reply, session);
      const auth = await authenticate(deps, session.token);
      return presentMe(deps, auth!);
    },
  );

  app.post(
    '/auth/logout',
    { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: 'Sign out' } },
    async (req, reply) => {
      await logout(deps, authOf(req), actorOf(req));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );

  app.get(
    '/auth/me',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: meResponse } },
    },
    async (req) => presentMe(deps, authOf(req)),
  );

  app.patch(
    '/auth/me',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Update own preferences',
        body: updateMeRequest,
        response: { 200: meResponse },
      },
    },
    async (req) => {
      await updateOwnLocale(deps, authOf(req), req.body.locale, actorOf(req));
      return presentMe(deps, { ...authOf(req), locale: req.body.locale });
    },
  );

  app.post(
    '/auth/password',
    {
      config: {
        access: 'authenticated',
        // A stolen session must not be able to guess the current password at leisure.
        rateLimit: {
          max: 5,
          timeWindow: 15 * 60_000,
          hook: 'preHandler',
          keyGenerator: (req) => req.auth?.userId ?? req.ip,
        },
      },
      schema: {
        tags: ['auth'],
        summary: 'Change own password; ends all other sessions',
        body: changePasswordRequest,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const session = await changeOwnPassword(deps, authOf(req), req.body, actorOf(req), {
        ip: req.ip,
        userAgent: req.headers['user-agent'],
      });
      setSessionCookie(deps, reply, session);
      return reply.code(204).send(null);
    },
  );
};
