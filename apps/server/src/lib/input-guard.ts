import type { FastifyInstance } from 'fastify';
import { sendProblem } from './problem';

/** Parsed JSON and query objects are walked; streams and buffers (NDJSON, raw webhook bodies) are not. */
const isWalkable = (v: object) => !Buffer.isBuffer(v) && typeof (v as { pipe?: unknown }).pipe !== 'function';

/**
 * Path of the first string holding a NUL character (PostgreSQL cannot store one), or null. Only parsed
 * JSON is walked: streams and buffers (NDJSON, raw webhook bodies) are checked where they are parsed.
 */
export function findNul(value: unknown, path: string, depth = 0): string | null {
  if (depth > 64) return null;
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(body)' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNul(value[i], path ? `${path}.${i}` : String(i), depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object' && isWalkable(value)) {
    for (const [k, v] of Object.entries(value)) {
      // A key may not hold one either (PostgreSQL's jsonb refuses it).
      if (k.includes('\u0000')) {
        const name = k.replaceAll('\u0000', '\\u0000');
        return path ? `${path}.${name}` : name;
      }
      const hit = findNul(v, path ? `${path}.${k}` : k, depth + 1);
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
