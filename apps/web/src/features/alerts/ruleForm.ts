import {
  type AlertPeriodType,
  type AlertRecipients,
  type AlertRule,
  type AlertRuleInput,
  type AlertRuleKind,
  type AlertSeverity,
  alertRuleInput,
  alertRuleParams,
  type TenureStage,
} from '@stride/contracts';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { ApiError } from '../../api/client';
import { translateIssue } from '../../lib/formErrors';
import { periodTypesFor } from './bits';

export type RecipientKey = keyof AlertRecipients;
export const recipientKeys: RecipientKey[] = ['hr', 'manager', 'employee'];

interface RecipientForm {
  enabled: boolean;
  /** Both empty: Stride's default text; otherwise both languages are needed. */
  message: { 'zh-CN': string; 'en-US': string };
}

/** The editor's values: the rule input's shape, with messages always present (blank = default text). */
export interface RuleFormValues {
  kind: AlertRuleKind;
  name: string;
  enabled: boolean;
  metricKey: string | null;
  periodType: AlertPeriodType;
  params: Record<string, unknown>;
  scope: { unitIds: string[]; positionIds: string[]; stages: TenureStage[] };
  severity: AlertSeverity;
  minPeriods: number | null;
  cooldownDays: number | null;
  recoverAfter: number | null;
  recipients: Record<RecipientKey, RecipientForm>;
}

/** The kind's parameters with the contract's defaults (DOMAIN.md §3). */
export function defaultParams(kind: AlertRuleKind): Record<string, unknown> {
  return alertRuleParams[kind].parse({}) as Record<string, unknown>;
}

/** The parameter names a kind takes, in the contract's order. */
export function paramKeys(kind: AlertRuleKind): string[] {
  return Object.keys(defaultParams(kind));
}

const blankMessage = () => ({ 'zh-CN': '', 'en-US': '' });

export function initialRuleValues(rule: AlertRule | null): RuleFormValues {
  if (!rule) {
    const kind: AlertRuleKind = 'attainment_below';
    return {
      kind,
      name: '',
      enabled: true,
      metricKey: 'revenue',
      periodType: 'month',
      params: defaultParams(kind),
      scope: { unitIds: [], positionIds: [], stages: [] },
      severity: 'medium',
      minPeriods: 3,
      cooldownDays: 30,
      recoverAfter: 2,
      recipients: {
        hr: { enabled: true, message: blankMessage() },
        manager: { enabled: true, message: blankMessage() },
        employee: { enabled: false, message: blankMessage() },
      },
    };
  }
  const recipient = (key: RecipientKey): RecipientForm => {
    const r = rule.recipients?.[key];
    return {
      enabled: r?.enabled ?? false,
      message: r?.message ? { 'zh-CN': r.message['zh-CN'] ?? '', 'en-US': r.message['en-US'] ?? '' } : blankMessage(),
    };
  };
  return {
    kind: rule.kind,
    name: rule.name,
    enabled: rule.enabled,
    metricKey: rule.metricKey,
    periodType: rule.periodType,
    params: { ...defaultParams(rule.kind), ...(rule.params ?? {}) },
    scope: {
      unitIds: rule.scope?.unitIds ?? [],
      positionIds: rule.scope?.positionIds ?? [],
      stages: rule.scope?.stages ?? [],
    },
    severity: rule.severity,
    minPeriods: rule.minPeriods,
    cooldownDays: rule.cooldownDays,
    recoverAfter: rule.recoverAfter,
    recipients: { hr: recipient('hr'), manager: recipient('manager'), employee: recipient('employee') },
  };
}

/** What changes with the kind: its default parameters, a period type it can judge, no metric for inactivity. */
export function valuesForKind(kind: AlertRuleKind, current: Partial<RuleFormValues>): Partial<RuleFormValues> {
  const allowed = periodTypesFor(kind);
  const params = defaultParams(kind);
  const next: Partial<RuleFormValues> = {
    params,
    periodType: current.periodType && allowed.includes(current.periodType) ? current.periodType : allowed[0],
  };
  if (kind === 'no_activity') next.metricKey = null;
  else if (!current.metricKey) next.metricKey = kind === 'activity_drop' ? 'calls' : 'revenue';
  // Change detection needs the baseline before it may signal.
  if (kind === 'activity_drop') {
    const baseline = Number(params.baselinePeriods);
    if ((current.minPeriods ?? 0) < baseline) next.minPeriods = baseline;
  }
  return next;
}

function toNumberOrNull(v: unknown): unknown {
  return v === undefined || v === '' ? null : v;
}

/** The form's values as a rule input for the API: only the kind's parameters, blank messages as the default text. */
export function toRuleInput(v: RuleFormValues): AlertRuleInput {
  const params: Record<string, unknown> = {};
  for (const key of paramKeys(v.kind)) params[key] = toNumberOrNull(v.params?.[key]);
  const recipient = (key: RecipientKey) => {
    const r = v.recipients?.[key];
    const zh = r?.message?.['zh-CN']?.trim() ?? '';
    const en = r?.message?.['en-US']?.trim() ?? '';
    return { enabled: Boolean(r?.enabled), message: zh || en ? { 'zh-CN': zh, 'en-US': en } : null };
  };
  return {
    kind: v.kind,
    name: (v.name ?? '').trim(),
    enabled: v.enabled ?? true,
    metricKey: v.kind === 'no_activity' ? null : (v.metricKey ?? null),
    periodType: v.periodType,
    params,
    scope: {
      unitIds: v.scope?.unitIds ?? [],
      positionIds: v.scope?.positionIds ?? [],
      stages: v.scope?.stages ?? [],
    },
    severity: v.severity,
    minPeriods: v.minPeriods as number,
    cooldownDays: v.cooldownDays as number,
    recoverAfter: v.recoverAfter as number,
    recipients: { hr: recipient('hr'), manager: recipient('manager'), employee: recipient('employee') },
  };
}

const ruleCodes = new Set([
  'NOT_POSITIVE',
  'NOT_NEGATIVE',
  'WINDOW_SHORTER_THAN_PERSISTENCE',
  'Z_THRESHOLD_NOT_NEGATIVE',
  'PERIOD_TYPE_FOR_KIND',
  'MIN_PERIODS_BELOW_BASELINE',
  'DUPLICATE_METRIC',
  'MIN_BASELINE_ABOVE_BASELINE',
  'REQUIRED',
]);

/** One zod issue of the rule (or mask/course) forms in the UI language. */
export function translateRuleIssue(issue: z.core.$ZodIssue, t: TFunction): string {
  const msg = issue.message;
  if (ruleCodes.has(msg)) return t(`alerts.validation.${msg}`);
  if (msg === 'too_big') return t('alerts.validation.tooBig');
  if (issue.code === 'too_small' && issue.origin === 'number')
    return issue.inclusive
      ? t('alerts.validation.min', { min: Number(issue.minimum) })
      : t('alerts.validation.greaterThan', { min: Number(issue.minimum) });
  if (issue.code === 'too_big' && issue.origin === 'number')
    return issue.inclusive
      ? t('alerts.validation.max', { max: Number(issue.maximum) })
      : t('alerts.validation.lessThan', { max: Number(issue.maximum) });
  if (issue.code === 'invalid_type') {
    if (issue.expected === 'int') return t('alerts.validation.integer');
    return t('validation.required');
  }
  return translateIssue(String(issue.path[issue.path.length - 1] ?? ''), issue, t);
}

export interface RuleFieldError {
  name: (string | number)[];
  errors: string[];
}

function group(entries: { name: (string | number)[]; message: string }[]): RuleFieldError[] {
  const byKey = new Map<string, RuleFieldError>();
  for (const e of entries) {
    const key = JSON.stringify(e.name);
    const item = byKey.get(key) ?? { name: e.name, errors: [] };
    if (!item.errors.includes(e.message)) item.errors.push(e.message);
    byKey.set(key, item);
  }
  return [...byKey.values()];
}

/** Field paths of the form: list positions collapse onto the list (scope.unitIds.3 → scope.unitIds). */
function fieldPath(path: readonly PropertyKey[]): (string | number)[] {
  const out: (string | number)[] = [];
  for (const p of path) {
    if (typeof p === 'number' || /^\d+$/.test(String(p))) break;
    out.push(String(p));
  }
  return out;
}

/**
 * Checks the values with the contract's own schema, as the server will. The parameters are checked with the
 * kind's schema directly, so their messages keep the limits (the rule schema re-reports them as custom issues).
 */
export function validateRule(
  values: RuleFormValues,
  t: TFunction,
): { input: AlertRuleInput; errors: RuleFieldError[] } {
  const input = toRuleInput(values);
  const entries: { name: (string | number)[]; message: string }[] = [];
  const params = alertRuleParams[input.kind].safeParse(input.params);
  if (!params.success)
    for (const issue of params.error.issues)
      entries.push({ name: ['params', ...fieldPath(issue.path)], message: translateRuleIssue(issue, t) });
  const whole = alertRuleInput.safeParse(input);
  if (!whole.success)
    for (const issue of whole.error.issues) {
      if (issue.path[0] === 'params' && !params.success && issue.message !== 'too_big') continue;
      entries.push({ name: fieldPath(issue.path), message: translateRuleIssue(issue, t) });
    }
  return { input, errors: group(entries) };
}

/** The server's field errors (already in the caller's language) on the form's paths. */
export function serverRuleErrors(error: ApiError): RuleFieldError[] {
  return group(
    error.fieldErrors
      .filter((e) => e.field && e.field !== '(body)')
      .map((e) => {
        // PUT wraps the rule as { rule, version }: its paths start with "rule.".
        const parts = e.field.split('.');
        return { name: fieldPath(parts[0] === 'rule' ? parts.slice(1) : parts), message: e.message || e.code };
      }),
  );
}
