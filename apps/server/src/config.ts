import path from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** The five cron fields: minute, hour, day of month, month, day of week (0 and 7 are Sunday); names count from `min`. */
const cronFields: { min: number; max: number; names?: string[] }[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

/** A classic 5-field cron expression: lists of `*`, values and ranges (numbers or names), each with an optional `/step`. */
function isCronExpression(expr: string): boolean {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== cronFields.length) return false;
  return fields.every((field, i) => {
    const { min, max, names } = cronFields[i];
    const value = (v: string) => {
      const named = names?.indexOf(v.toLowerCase()) ?? -1;
      const n = named >= 0 ? named + min : /^\d+$/.test(v) ? Number(v) : Number.NaN;
      return n >= min && n <= max ? n : Number.NaN;
    };
    return field.split(',').every((part) => {
      const m = /^(\*|[a-z0-9]+(?:-[a-z0-9]+)?)(?:\/(\d+))?$/i.exec(part);
      if (!m || (m[2] !== undefined && Number(m[2]) < 1)) return false;
      if (m[1] === '*') return true;
      const [lo, hi = lo] = m[1].split('-').map(value);
      return lo <= hi;
    });
  });
}

const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, { message: 'must start with postgres:// or postgresql://' })
      .optional(),
    STRIDE_ENCRYPTION_KEY: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, {
        message: 'must be 32 bytes, base64-encoded (generate with: openssl rand -base64 32)',
      })
      .optional(),
    DEMO_MODE: bool.optional(),
    ORG_NAME: z.string().min(1).max(80).default('Stride'),
    SESSION_TTL_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 30)
      .default(12),
    COOKIE_SECURE: bool.default(false),
    TRUST_PROXY: z
      .string()
      .regex(/^(false|true|\d{1,2}|[0-9a-fA-F.:/,\s]+)$/, {
        message: 'false, true, a hop count, or a comma-separated list of proxy addresses/CIDRs',
      })
      .default('false'),
    TRUSTED_ORIGINS: z
      .string()
      .default('')
      .transform((s) =>
        s
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.url())),
    PGLITE_SHARED_BUFFERS: z
      .string()
      .regex(/^\d{1,5}(kB|MB|GB)$/, { message: 'a size such as 32MB' })
      .default('32MB'),
    BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(1024 * 1024),
    LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
    LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, { message: 'must start with smtp:// or smtps://' })
      .optional(),
    SMTP_FROM: z.string().optional(),
    PUBLIC_URL: z
      .url({ protocol: /^https?$/ })
      .optional()
      .transform((v) => (v ? v.replace(/\/+$/, '') : v)),
    IM_WEBHOOK_ALLOW_HOSTS: z
      .string()
      .default('')
      .transform((s) =>
        s
          .split(',')
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean),
      ),
    NOTIFICATIONS_DIGEST_CRON: z
      .string()
      .refine(isCronExpression, {
        message: "must be a 5-field cron expression (minute hour day-of-month month day-of-week), e.g. '0 8 * * *'",
      })
      .default('0 8 * * *'),
    JOBS_ENABLED: bool.default(true),
    METRICS_LONG_PERIODS_SPACING_MS: z.coerce.number().int().min(0).max(600_000).default(3000),
    METRICS_REBUILD_CRON: z
      .string()
      .refine(isCronExpression, {
        message: "must be a 5-field cron expression (minute hour day-of-month month day-of-week), e.g. '30 2 * * *'",
      })
      .default('30 2 * * *'),
    PROBATION_REVIEW_CRON: z
      .string()
      .refine(isCronExpression, {
        message: "must be a 5-field cron expression (minute hour day-of-month month day-of-week), e.g. '0 1 * * *'",
      })
      .default('0 1 * * *'),
    EMPLOYMENT_EFFECTIVE_CRON: z
      .string()
      .refine(isCronExpression, {
        message: "must be a 5-field cron expression (minute hour day-of-month month day-of-week), e.g. '10 0 * * *'",
      })
      .default('10 0 * * *'),
    REVIEW_REMINDERS_CRON: z
      .string()
      .refine(isCronExpression, {
        message: "must be a 5-field cron expression (minute hour day-of-month month day-of-week), e.g. '0 1 * * *'",
      })
      .default('5 * * * *'),
  })
  .transform((env) => ({
    port: env.PORT,
    host: env.HOST,
    dataDir: path.resolve(env.DATA_DIR),
    databaseUrl: env.DATABASE_URL,
    pgliteSharedBuffers: env.PGLITE_SHARED_BUFFERS,
    encryptionKey: env.STRIDE_ENCRYPTION_KEY,
    demoMode: env.DEMO_MODE ?? !env.DATABASE_URL,
    orgName: env.ORG_NAME,
    sessionTtlHours: env.SESSION_TTL_HOURS,
    cookieSecure: env.COOKIE_SECURE,
    // Only behind a known proxy may X-Forwarded-For decide the client address (rate limits, audit).
    trustProxy:
      env.TRUST_PROXY === 'false'
        ? false
        : env.TRUST_PROXY === 'true'
          ? true
          : /^\d+$/.test(env.TRUST_PROXY)
            ? (_address: string, hop: number) => hop < Number(env.TRUST_PROXY)
            : env.TRUST_PROXY.split(',')
                .map((s) => s.trim())
                .filter(Boolean),
    trustedOrigins: env.TRUSTED_ORIGINS.map((o) => new URL(o).origin),
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    loginRateLimitPerMinute: env.LOGIN_RATE_LIMIT_PER_MINUTE,
    loginMaxFailures: env.LOGIN_MAX_FAILURES,
    loginLockMinutes: env.LOGIN_LOCK_MINUTES,
    logLevel: env.LOG_LEVEL,
    smtpUrl: env.SMTP_URL,
    smtpFrom: env.SMTP_FROM,
    // Links in emails and IM messages; without it the first trusted origin, else none.
    publicUrl: env.PUBLIC_URL ?? env.TRUSTED_ORIGINS.map((o) => new URL(o).origin)[0],
    // Extra hosts an IM webhook may point at (any provider, http allowed): a relay, a test stub.
    imWebhookAllowHosts: env.IM_WEBHOOK_ALLOW_HOSTS,
    notificationsDigestCron: env.NOTIFICATIONS_DIGEST_CRON.trim().split(/\s+/).join(' '),
    // Off for processes that only serve HTTP (several API nodes beside one worker) and for tests and benchmarks.
    jobsEnabled: env.JOBS_ENABLED,
    // Quarters and years follow their weeks and months at most this often per organization (see scheduler.ts).
    metricsLongPeriodsSpacingMs: env.METRICS_LONG_PERIODS_SPACING_MS,
    metricsRebuildCron: env.METRICS_REBUILD_CRON.trim().split(/\s+/).join(' '),
    probationReviewCron: env.PROBATION_REVIEW_CRON.trim().split(/\s+/).join(' '),
    employmentEffectiveCron: env.EMPLOYMENT_EFFECTIVE_CRON.trim().split(/\s+/).join(' '),
    reviewRemindersCron: env.REVIEW_REMINDERS_CRON.trim().split(/\s+/).join(' '),
  }));

export type Config = z.output<typeof envSchema>;

export class ConfigError extends Error {}

/** Parses the environment once; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (parsed.data.databaseUrl && !parsed.data.encryptionKey) {
    throw new ConfigError(
      'Invalid configuration:\n  STRIDE_ENCRYPTION_KEY: required with DATABASE_URL (generate with: openssl rand -base64 32)',
    );
  }
  return parsed.data;
}

/** For entry points: parse the environment or print what is wrong and exit. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
