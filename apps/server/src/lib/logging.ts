import type { FastifyRequest } from 'fastify';

/**
 * Log serializers that keep personal data out of the logs: SQL parameters (names, ID numbers,
 * password hashes) never leave an error, and query strings (search terms) never leave a URL.
 */
export const logSerializers = {
  err(err: Error & { code?: string; cause?: unknown; statusCode?: number }) {
    const cause = err.cause as { code?: string; constraint?: string; message?: string } | undefined;
    const isQueryError = err.name === 'DrizzleQueryError' || /^Failed query:/.test(err.message);
    return {
      type: err.name,
      message: isQueryError ? 'database query failed' : err.message,
      code: err.code ?? cause?.code,
      constraint: cause?.constraint,
      causeMessage: isQueryError ? cause?.message : undefined,
      statusCode: err.statusCode,
      stack: (err.stack ?? '')
        .split('\n')
        .slice(isQueryError ? 1 : 0)
        .filter((l) => l.trimStart().startsWith('at '))
        .join('\n'),
    };
  },
  req(req: FastifyRequest) {
    return { method: req.method, url: req.url.split('?')[0], id: req.id, remoteAddress: req.ip };
  },
};
