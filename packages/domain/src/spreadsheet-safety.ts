// OWASP "CSV Injection": a cell starting with = + - @ (or tab / carriage return, which some
// spreadsheet apps skip before evaluating) is run as a formula when an export is opened, which
// can exfiltrate data via HYPERLINK/WEBSERVICE or launch DDE commands. A leading single quote
// makes Excel, LibreOffice and WPS treat the cell as text.

const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

// Plain signed numbers ("-1200", "+3.5") are left alone: evaluating them yields the same number,
// so they cannot carry a payload, and quoting them would turn refunds into text columns.
const PLAIN_SIGNED_NUMBER = /^[+-]\d+(?:\.\d+)?$/;

/**
 * Makes a value safe to write into a CSV/XLSX cell. Only strings are touched; numbers, booleans,
 * dates and null pass through unchanged, so numeric cells keep their type. Idempotent: an
 * already-quoted value starts with "'" and is not quoted again.
 */
export function neutralizeFormula(value: unknown): unknown {
  if (typeof value !== 'string' || value.length === 0) return value;
  if (!TRIGGERS.has(value[0])) return value;
  if (PLAIN_SIGNED_NUMBER.test(value)) return value;
  return `'${value}`;
}
