import type { ImportResult, Locale } from '@stride/contracts';
import { neutralizeFormula } from '@stride/domain';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { imports } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { fail } from '../../lib/errors';
import { type AuditActor, appendAudit } from '../audit/audit.service';
import type { StoredError } from './cells';
import { errorsColumnTitle } from './messages';
import type { Cell } from './parse-file';
import { decodeRows, isSensitive, localizeErrors } from './store';

const safe = (c: Cell | undefined): Cell => (c === undefined ? '' : (neutralizeFormula(c) as Cell));

/**
 * The rows that were not imported (invalid at the check, or failed while writing) with all their
 * original columns and the reasons, ready to be corrected and uploaded again. Every text cell is
 * neutralized so that a formula planted in the uploaded file does not run when this one is opened.
 */
export async function rejectedWorkbook(deps: Deps, actor: AuditActor, locale: Locale, id: string) {
  const orgId = actor.orgId;
  const [rec] = await deps.db
    .select({
      kind: imports.kind,
      filename: imports.filename,
      headers: imports.headers,
      headerRow: imports.headerRow,
      rows: imports.rows,
      rowsEnc: imports.rowsEnc,
      errors: imports.errors,
      result: imports.result,
    })
    .from(imports)
    .where(and(eq(imports.id, id), eq(imports.orgId, orgId)));
  if (!rec) fail('IMPORT_NOT_FOUND');
  if (!rec.errors) fail('IMPORT_NOT_VALIDATED');
  const result = rec.result as ImportResult | null;
  const problems = localizeErrors([...(rec.errors as StoredError[]), ...(result?.failed ?? [])], locale);
  const byRow = new Map<number, string[]>();
  for (const p of problems) {
    const where = p.column ?? (p.field === 'row' ? '' : p.field);
    byRow.set(p.row, [...(byRow.get(p.row) ?? []), where ? `${where}: ${p.message}` : p.message]);
  }
  const headers = rec.headers as string[];
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(locale === 'zh-CN' ? '未导入的行' : 'Rejected rows');
  const title = sheet.addRow([...headers, errorsColumnTitle[locale]].map((h) => safe(h)));
  title.font = { bold: true };
  decodeRows(rec, deps.cipher).forEach((cells, i) => {
    const reasons = byRow.get(rec.headerRow + 1 + i);
    if (!reasons) return;
    const values = headers.map((_, c) => safe(cells[c]));
    sheet.addRow([...values, safe(reasons.join(locale === 'zh-CN' ? '；' : '; '))]);
  });
  sheet.getColumn(headers.length + 1).width = 60;
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  if (isSensitive(rec.kind)) {
    // The rows of a roster carry ID numbers, bank accounts and phones: reading them back is audited like a reveal.
    await deps.db.transaction((tx) =>
      appendAudit(
        tx,
        actor,
        { action: 'import.rejected_downloaded', entityType: 'import', entityId: id, after: { rows: byRow.size } },
        deps.clock(),
      ),
    );
  }
  const base = rec.filename.replace(/\.(csv|xlsx|xls|txt)$/i, '');
  return { buffer, filename: `${base}-${locale === 'zh-CN' ? '未导入' : 'rejected'}.xlsx` };
}
