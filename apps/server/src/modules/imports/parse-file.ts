import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { AppError, fail } from '../../lib/errors';

/** A cell as stored: text, a number, or a date/time as an ISO wall clock without zone. */
export type Cell = string | number;
export type SheetRow = Cell[];

export const MAX_DATA_ROWS = 200_000;
const MAX_COLUMNS = 500;

const isZip = (bytes: Buffer) => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * Spreadsheet readers build date cells as UTC instants of the wall clock shown in the cell; keep
 * that wall clock ("2025-01-05" or "2025-01-05T10:20:00") so it is read in the import's time zone.
 */
export function wallClock(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const ms = d.getTime() % 86_400_000;
  if (ms === 0) return date;
  return `${date}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Plain value of an exceljs cell: formulas give their result, rich text and links their text. */
function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? v : '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return wallClock(v);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text ?? '').join('');
    if ('formula' in v || 'sharedFormula' in v) {
      const result = (v as { result?: unknown }).result;
      if (result && typeof result === 'object' && 'error' in result) return String(result.error);
      return cellValue((result ?? null) as ExcelJS.CellValue);
    }
    if ('error' in v) return String(v.error);
    if ('text' in v) {
      const text = (v as { text: unknown }).text;
      if (typeof text === 'string') return text;
      if (text && typeof text === 'object' && 'richText' in text) return cellValue(text as ExcelJS.CellValue);
    }
  }
  return '';
}

async function readXlsx(bytes: Buffer): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    fail('IMPORT_FILE_UNREADABLE');
  }
  const sheet = workbook.worksheets[0] ?? fail('IMPORT_FILE_UNREADABLE');
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    if (rowNumber > MAX_DATA_ROWS + 100) fail('IMPORT_TOO_MANY_ROWS');
    const values = row.values as ExcelJS.CellValue[]; // 1-based: index 0 is always empty
    const cells: SheetRow = [];
    for (let c = 1; c < Math.min(values.length, MAX_COLUMNS + 1); c++) cells.push(cellValue(values[c]));
    rows[rowNumber - 1] = cells;
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return rows;
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** UTF-8 (BOM stripped) when the bytes are valid UTF-8, else GB18030 (a superset of GBK/GB2312). */
export function decodeText(bytes: Buffer, charset?: string): string {
  const declared = charset?.toLowerCase();
  const chinese = declared && /^(gb18030|gbk|gb2312|cp936)$/.test(declared);
  const text = !chinese && isUtf8(bytes) ? bytes.toString('utf8') : iconv.decode(bytes, 'gb18030');
  return text.replace(/^\uFEFF/, '');
}

function readCsv(bytes: Buffer, charset?: string): SheetRow[] {
  const text = decodeText(bytes, charset);
  try {
    const records = parseCsv(text, {
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      bom: true,
      delimiter: [',', '\t', ';'].sort((a, b) => countOutsideQuotes(text, b) - countOutsideQuotes(text, a))[0],
    }) as string[][];
    if (records.length > MAX_DATA_ROWS + 100) fail('IMPORT_TOO_MANY_ROWS');
    return records.map((r) => r.slice(0, MAX_COLUMNS));
  } catch (e) {
    if (e instanceof AppError) throw e;
    fail('IMPORT_FILE_UNREADABLE');
  }
  return [];
}

/** How often a delimiter appears in the first lines, to tell comma, tab and semicolon files apart. */
function countOutsideQuotes(text: string, ch: string): number {
  const head = text.slice(0, 8192);
  let n = 0;
  let quoted = false;
  for (const c of head) {
    if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) n++;
  }
  return n;
}

/** All rows of the first worksheet (XLSX, recognized by its zip signature) or of a CSV file. */
export async function readSpreadsheet(bytes: Buffer, charset?: string): Promise<SheetRow[]> {
  if (bytes.length === 0) fail('IMPORT_FILE_EMPTY');
  const rows = isZip(bytes) ? await readXlsx(bytes) : readCsv(bytes, charset);
  // Trailing blank rows (a formatted but empty sheet area, a final newline) are not data.
  let end = rows.length;
  while (end > 0 && isBlank(rows[end - 1])) end--;
  return rows.slice(0, end);
}

export const isBlank = (row: SheetRow | undefined) =>
  !row || row.every((c) => (typeof c === 'string' ? c.trim() === '' : false));
