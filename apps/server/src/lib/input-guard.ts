import type { FastifyInstance } from 'fastify';
import { sendProblem } from './problem';

const isPlainObject = (v: object) => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * Path of the first string holding a NUL character (PostgreSQL cannot store one), or null. Only parsed
 * JSON is walked: streams and buffers (NDJSON, raw webhook bodies) are checked where they are parsed.
 */
export function findNul(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(body)' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNul(value[i], path ? `${path}.${i}` : String(i));
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object' && isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      const hit = findNul(v, path ? `${path}.${k}` : k);
      if (hit) return hit;
    }
  }
  return null;
}

/** Refuses input no field may hold, before any schema or handler sees it. */
export function installInputGuard(app: FastifyInstance) {
  // JSON only: a text/plain body is refused with 415 instead of reaching a schema as a string.
  app.removeContentTypeParser('text/plain');
  app.addHook('preValidation', async (req, reply) => {
    const field = findNul(req.query, '') ?? findNul(req.params, '') ?? findNul(req.body, '');
    if (field) return sendProblem(req, reply, 'VALIDATION_FAILED', [{ field, code: 'NUL_CHARACTER' }]);
  });
}
