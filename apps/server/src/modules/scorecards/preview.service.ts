import type {
  IndicatorDefinitionInput,
  Locale,
  ScorecardDefinition,
  ScorecardPreview,
  scorecardPreviewRequest,
} from '@stride/contracts';
import { addDays, addMonths, gradeOf, type IndicatorInput, scoreCard } from '@stride/domain';
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type DbOrTx, queryRows } from '../../db/client';
import { gradeScales } from '../../db/schema';
import { fail } from '../../lib/errors';
import { loadCatalog } from '../metrics/catalog.service';
import { periodStartOf } from '../metrics/periods';
import { toFieldErrors } from './scoring-errors';
import { asEngineTemplate, getTemplateRow, templateVersions } from './templates.service';

type PreviewInput = z.output<typeof scorecardPreviewRequest>;
type PeriodType = PreviewInput['periodType'];

export function shiftPeriod(start: string, periodType: PeriodType, base: 'previous_period' | 'same_period_last_year') {
  if (base === 'same_period_last_year') return periodType === 'week' ? addDays(start, -364) : addMonths(start, -12);
  if (periodType === 'week') return addDays(start, -7);
  return addMonths(start, periodType === 'month' ? -1 : periodType === 'quarter' ? -3 : -12);
}

interface ValueRow {
  employee_id: string;
  metric_key: string;
  period_start: string;
  value: string;
}

/**
 * Metric values as people see them (GET /metric-values): computed from activities, else imported or
 * entered by hand. `who` is one person or everyone of a position (the percentile cohort).
 */
async function readValues(
  db: DbOrTx,
  orgId: string,
  who: { employeeId: string } | { positionId: string | null },
  metricKeys: string[],
  periodType: PeriodType,
  periodStarts: string[],
) {
  if (metricKeys.length === 0 || periodStarts.length === 0) return [];
  const keys = sql.join(
    metricKeys.map((k) => sql`${k}`),
    sql`, `,
  );
  const starts = sql.join(
    periodStarts.map((s) => sql`${s}::date`),
    sql`, `,
  );
  const people =
    'employeeId' in who
      ? sql`select ${who.employeeId}::uuid as id`
      : sql`select id from employees where org_id = ${orgId} and status <> 'exited'
          ${who.positionId ? sql`and position_id = ${who.positionId}` : sql``}`;
  return queryRows<ValueRow>(
    db,
    sql`with people as (${people})
        select v.employee_id::text as employee_id, v.metric_key, v.period_start::text as period_start, v.value::text as value
        from metric_values v join people p on p.id = v.employee_id
        where v.org_id = ${orgId} and v.period_type = ${periodType} and v.metric_key in (${keys}) and v.period_start in (${starts})
        union all
        select i.employee_id::text, i.metric_key, i.period_start::text, i.value::text
        from imported_metric_values i join people p on p.id = i.employee_id
        where i.org_id = ${orgId} and i.period_type = ${periodType} and i.metric_key in (${keys}) and i.period_start in (${starts})
          and not exists (select 1 from metric_values v where v.org_id = i.org_id and v.employee_id = i.employee_id
            and v.metric_key = i.metric_key and v.period_type = i.period_type and v.period_start = i.period_start)`,
  );
}

/**
 * Agreed personal targets (targets are set and agreed elsewhere; read only here). A non-positive one, which
 * the API refuses today but may have stored earlier, counts as none, as at a cycle launch.
 */
async function readTargets(db: DbOrTx, orgId: string, employeeId: string, periodType: PeriodType, periodStart: string) {
  const rows = await queryRows<{ metric_key: string; value: string }>(
    db,
    sql`select metric_key, value::text as value from targets
        where org_id = ${orgId} and employee_id = ${employeeId} and period_type = ${periodType}
          and period_start = ${periodStart} and status = 'agreed' and value > 0`,
  );
  return new Map(rows.map((r) => [r.metric_key, r.value]));
}

type Indicator = IndicatorDefinitionInput;
const metricIndicators = (d: ScorecardDefinition) =>
  d.dimensions
    .flatMap((dim) => dim.indicators)
    .filter((i): i is Indicator & { metricKey: string } => Boolean(i.kind === 'metric' && i.metricKey));

/**
 * Scores one person for one period with a template version, before any cycle exists: actuals from
 * metric values, agreed personal targets, bases of growth rules, cohorts of percentile rules (people of
 * the same position); ratings are left out and show as missing.
 */
export async function previewTemplate(
  db: DbOrTx,
  orgId: string,
  templateId: string,
  person: { id: string; name: string; positionId: string | null },
  input: PreviewInput,
  locale: Locale,
): Promise<ScorecardPreview> {
  if (periodStartOf(input.periodType, input.periodStart) !== input.periodStart)
    fail('VALIDATION_FAILED', [{ field: 'periodStart', code: 'PERIOD_START_INVALID' }]);
  const row = await getTemplateRow(db, orgId, templateId);
  const [version] = await templateVersions(db, orgId, templateId, input.version ?? row.currentVersion);
  const definition = version.definition;
  const { periodType, periodStart } = input;

  const metrics = metricIndicators(definition);
  const keys = [...new Set(metrics.map((i) => i.metricKey))];
  const bases = metrics.flatMap((i) =>
    i.rule.type === 'growth' ? [shiftPeriod(periodStart, periodType, i.rule.base)] : [],
  );
  const own = await readValues(db, orgId, { employeeId: person.id }, keys, periodType, [periodStart, ...bases]);
  const ownValue = (key: string, start: string) =>
    own.find((v) => v.metric_key === key && v.period_start === start)?.value ?? null;
  const cohortKeys = [...new Set(metrics.filter((i) => i.rule.type === 'percentile').map((i) => i.metricKey))];
  const cohortRows = await readValues(db, orgId, { positionId: person.positionId }, cohortKeys, periodType, [
    periodStart,
  ]);
  const targets = await readTargets(db, orgId, person.id, periodType, periodStart);

  const inputs: Record<string, IndicatorInput> = {};
  for (const indicator of metrics) {
    const key = indicator.metricKey;
    const actual = ownValue(key, periodStart);
    const rule = indicator.rule;
    const entry: IndicatorInput = { actual };
    if ((rule.type === 'linear' || rule.type === 'bands') && targets.has(key)) entry.target = targets.get(key);
    if (rule.type === 'growth') entry.base = ownValue(key, shiftPeriod(periodStart, periodType, rule.base));
    if (rule.type === 'percentile')
      entry.cohort = actual === null ? [] : cohortRows.filter((r) => r.metric_key === key).map((r) => r.value);
    inputs[indicator.key] = entry;
  }
  const scored = scoreCard(asEngineTemplate(definition), inputs);
  if (!scored.ok) return fail('VALIDATION_FAILED', toFieldErrors('', scored.errors));
  const result = scored;

  const catalog = await loadCatalog(db, orgId);
  const byKey = new Map(definition.dimensions.flatMap((d) => d.indicators.map((i) => [i.key, i] as const)));
  const missing = new Map(result.missing.map((m) => [m.indicator, m.reason]));
  const [scale] = await db
    .select()
    .from(gradeScales)
    .where(and(eq(gradeScales.orgId, orgId), eq(gradeScales.isDefault, true)));
  const graded = scale ? gradeOf(result.total, scale.bands as never) : null;
  return {
    template: { id: row.id, name: row.name, version: version.version },
    employee: { id: person.id, name: person.name },
    periodType,
    periodStart,
    total: result.total,
    maxTotal: result.maxTotal,
    grade:
      graded?.ok && scale
        ? { grade: graded.grade, bonusCoefficient: graded.bonusCoefficient, scaleName: scale.name }
        : null,
    dimensions: result.dimensions.map((d) => ({
      ...d,
      name: definition.dimensions.find((x) => x.key === d.key)?.name ?? d.key,
    })),
    indicators: result.indicators.map((s) => {
      const def = byKey.get(s.key);
      const metricKey = def?.kind === 'metric' ? (def.metricKey ?? null) : null;
      const personal = metricKey !== null && inputs[s.key]?.target != null;
      return {
        key: s.key,
        name: def?.name || (metricKey ? (catalog.byKey.get(metricKey)?.names[locale] ?? null) : null),
        dimension: s.dimension,
        kind: s.kind,
        rule: s.rule,
        metricKey,
        actual: s.actual,
        target: s.target,
        targetSource: s.target === null ? null : personal ? 'personal' : 'template',
        attainment: s.attainment,
        score: s.score,
        weight: s.weight,
        contribution: s.contribution,
        explanation: s.explanation as { code: string; params: Record<string, unknown> },
        missing: missing.get(s.key) ?? null,
      };
    }),
    missing: result.missing,
  };
}
