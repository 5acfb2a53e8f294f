import { type ErrorCode, errorCatalog, errorMessage } from '@stride/contracts';
import type { ApiError } from '../../api/client';
import { currentLanguage } from '../../i18n';

export interface ActionFieldError {
  /** The full path the server named (e.g. `to.unitId`, `misconduct.facts`, `art42`). */
  field: string;
  code: string;
  message: string;
}

/** The server's field errors with a message in the caller's language (the catalog's text when the server gave none). */
export function actionFieldErrors(error: ApiError): ActionFieldError[] {
  return error.fieldErrors.map((e) => ({
    field: e.field,
    code: e.code,
    message:
      e.message ||
      (Object.hasOwn(errorCatalog, e.code) ? errorMessage(e.code as ErrorCode, currentLanguage()) : e.code),
  }));
}

/**
 * Splits field errors into those a form shows on its own fields (by the path's last or first segment, whichever the
 * form has) and the rest, which the form lists above its fields.
 */
export function splitFieldErrors(
  errors: ActionFieldError[],
  formFields: readonly string[],
): { onFields: { name: string; errors: string[] }[]; rest: ActionFieldError[] } {
  const byField = new Map<string, string[]>();
  const rest: ActionFieldError[] = [];
  for (const e of errors) {
    const parts = e.field.split(/[.[\]]/).filter(Boolean);
    const name = [...parts].reverse().find((p) => formFields.includes(p));
    if (!name) {
      rest.push(e);
      continue;
    }
    const list = byField.get(name) ?? [];
    if (!list.includes(e.message)) list.push(e.message);
    byField.set(name, list);
  }
  return { onFields: [...byField.entries()].map(([name, errs]) => ({ name, errors: errs })), rest };
}
