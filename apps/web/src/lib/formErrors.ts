import { type ErrorCode, errorCatalog, errorMessage } from '@stride/contracts';
import type { FormInstance } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { ApiError } from '../api/client';
import { currentLanguage } from '../i18n';

export interface FieldErrorEntry {
  name: string;
  errors: string[];
}

const dateRuleCodes = new Set(['REQUIRED', 'BEFORE_START', 'BEFORE_HIRE']);

/** Field-specific messages for format failures whose schema messages are English-only. */
const formatMessageKeys: Record<string, string> = {
  employeeNo: 'validation.employeeNo',
  email: 'validation.email',
  bankAccount: 'validation.bankAccount',
  phone: 'validation.phone',
  username: 'validation.username',
  password: 'validation.password',
  newPassword: 'validation.password',
  hireDate: 'validation.date',
  contractStartDate: 'validation.date',
  contractEndDate: 'validation.date',
  probationEndDate: 'validation.date',
  regularizationDate: 'validation.date',
  exitDate: 'validation.date',
  effectiveDate: 'validation.date',
};

function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(errorCatalog, value);
}

/** Turns one zod issue into a message in the current UI language. */
export function translateIssue(field: string, issue: z.core.$ZodIssue, t: TFunction): string {
  const msg = issue.message;
  if (isErrorCode(msg) || dateRuleCodes.has(msg)) return translateCode(msg, t, field);
  switch (issue.code) {
    case 'invalid_type':
      return t('validation.required');
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string' && min <= 1) return t('validation.required');
      if (formatMessageKeys[field]) return t(formatMessageKeys[field]);
      return t('validation.tooShort', { min });
    }
    case 'too_big':
      if (issue.origin === 'string') return t('validation.tooLong', { max: Number(issue.maximum) });
      return t('validation.invalid');
    case 'invalid_value':
      return t('validation.uuid');
    case 'invalid_format':
      if (issue.format === 'uuid') return t('validation.uuid');
      return formatMessageKeys[field] ? t(formatMessageKeys[field]) : t('validation.invalid');
    default:
      return formatMessageKeys[field] ? t(formatMessageKeys[field]) : t('validation.invalid');
  }
}

/** Groups zod issues by their top-level field, ready for antd `form.setFields`. */
export function zodIssuesToFields(issues: readonly z.core.$ZodIssue[], t: TFunction): FieldErrorEntry[] {
  const byField = new Map<string, string[]>();
  for (const issue of issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : '';
    if (!field) continue;
    const list = byField.get(field) ?? [];
    const message = translateIssue(field, issue, t);
    if (!list.includes(message)) list.push(message);
    byField.set(field, list);
  }
  return [...byField.entries()].map(([name, errors]) => ({ name, errors }));
}

/** Issues that do not belong to a single field (e.g. "Nothing to change"). */
export function formLevelIssues(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.filter((i) => i.path.length === 0);
}

/** Server-side field errors (RFC 9457 `errors`) grouped by field; messages are already localized. */
export function serverFieldErrors(error: ApiError, fieldAliases: Record<string, string> = {}): FieldErrorEntry[] {
  const byField = new Map<string, string[]>();
  for (const e of error.fieldErrors) {
    if (!e.field) continue;
    const top = e.field.split(/[.[]/)[0];
    const name = fieldAliases[top] ?? top;
    const list = byField.get(name) ?? [];
    const message = isErrorCode(e.code) && !e.message ? errorMessage(e.code, currentLanguage()) : e.message;
    if (!list.includes(message)) list.push(message);
    byField.set(name, list);
  }
  return [...byField.entries()].map(([name, errors]) => ({ name, errors }));
}

/** Translates a bare error code (catalog codes and the date-rule codes) into the current language. */
export function translateCode(code: string, t: TFunction, field?: string): string {
  if (isErrorCode(code)) return errorMessage(code, currentLanguage());
  if (code === 'REQUIRED') {
    return field
      ? t(`validation.REQUIRED_${field}`, { defaultValue: t('validation.required') })
      : t('validation.required');
  }
  if (dateRuleCodes.has(code)) return t(`validation.${code}`);
  return t('validation.invalid');
}

/** Puts field errors on an antd form; field names come from the API/schema and match the form's names. */
export function applyFieldErrors<T>(form: FormInstance<T>, errors: FieldErrorEntry[]): void {
  form.setFields(errors.map((e) => ({ name: e.name as NamePath<T>, errors: e.errors })));
}
