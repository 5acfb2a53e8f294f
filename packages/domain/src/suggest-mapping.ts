import { normalizeHeader } from './normalize-text';

export interface FieldSpec {
  key: string;
  /** Chinese and English spellings seen in CRM/ERP/HR exports. */
  aliases: string[];
}

export type MappingConfidence = 'exact' | 'alias' | 'fuzzy' | 'none';

export interface ColumnMapping {
  header: string;
  field: string | null;
  confidence: MappingConfidence;
}

const EMAIL = ['邮箱', '电子邮件', 'email'];
const EMPLOYEE_NO = ['工号', '员工编号', '员工号', 'employee no', 'employee number', 'emp no'];

export const ACTIVITY_IMPORT_FIELDS: readonly FieldSpec[] = [
  { key: 'externalId', aliases: ['外部编号', '单号', '订单号', '编号', 'id', 'external id', 'record id'] },
  { key: 'type', aliases: ['类型', '活动类型', 'type', 'activity type'] },
  { key: 'employeeNo', aliases: EMPLOYEE_NO },
  { key: 'email', aliases: EMAIL },
  { key: 'externalUserId', aliases: ['crm用户id', '销售id', 'owner id', 'user id'] },
  {
    key: 'occurredAt',
    aliases: ['日期', '时间', '发生时间', '下单日期', '回款日期', '拜访日期', 'date', 'time', 'occurred at'],
  },
  { key: 'amount', aliases: ['金额', '订单金额', '回款金额', '合同金额', 'amount', 'value'] },
  { key: 'currency', aliases: ['币种', '货币', 'currency'] },
  { key: 'customerExternalId', aliases: ['客户编号', '客户id', 'customer id'] },
  { key: 'customerName', aliases: ['客户', '客户名称', '公司名称', 'customer', 'account'] },
  { key: 'customerTier', aliases: ['客户等级', '客户级别', 'tier'] },
];

export const PERSON_IMPORT_FIELDS: readonly FieldSpec[] = [
  { key: 'employeeNo', aliases: EMPLOYEE_NO },
  { key: 'name', aliases: ['姓名', '名字', 'name'] },
  { key: 'email', aliases: EMAIL },
  { key: 'unit', aliases: ['部门', '团队', '组', 'department', 'team'] },
  { key: 'position', aliases: ['岗位', '职位', 'position', 'title'] },
  { key: 'manager', aliases: ['上级', '直属上级', '主管', 'manager'] },
  { key: 'hireDate', aliases: ['入职日期', 'hire date', 'start date'] },
  { key: 'contractType', aliases: ['合同类型'] },
  { key: 'contractStartDate', aliases: ['合同开始日期'] },
  { key: 'contractEndDate', aliases: ['合同结束日期', '合同到期日'] },
  { key: 'probationEndDate', aliases: ['试用期结束日期', '试用期到期'] },
  { key: 'regularizationDate', aliases: ['转正日期'] },
  { key: 'idNumber', aliases: ['身份证号', '身份证', '证件号码', 'id number'] },
  { key: 'bankAccount', aliases: ['银行账号', '银行卡号', 'bank account'] },
  { key: 'phone', aliases: ['手机', '手机号', '电话', '联系电话', 'phone', 'mobile'] },
  { key: 'status', aliases: ['状态', '在职状态', 'status'] },
];

const RANK: Record<Exclude<MappingConfidence, 'none'>, number> = { exact: 3, alias: 2, fuzzy: 1 };

/**
 * Comparison key: normalizeHeader plus the spellings that differ only cosmetically —
 * camelCase/snake_case ("employeeNo", "EMPLOYEE_NO" → "employee no") and padding between
 * Chinese characters, which paper-form templates use for alignment ("姓  名" → "姓名").
 */
function matchKey(s: string): string {
  const split = s.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  return normalizeHeader(split)
    .replace(/[_\-./]+/g, ' ')
    .replace(/ +/g, ' ')
    .replace(/(?<=[^\x20-\x7e]) (?=[^\x20-\x7e])/g, '')
    .trim();
}

const isAsciiWord = (c: string | undefined) => c !== undefined && /[a-z0-9]/.test(c);

/** Substring test; ASCII aliases must sit on word boundaries so "id" does not match "paid". */
function containsAlias(header: string, alias: string): boolean {
  const ascii = /^[\x20-\x7e]+$/.test(alias);
  for (let i = header.indexOf(alias); i !== -1; i = header.indexOf(alias, i + 1)) {
    if (!ascii || (!isAsciiWord(header[i - 1]) && !isAsciiWord(header[i + alias.length]))) return true;
  }
  return false;
}

interface Candidate {
  headerIndex: number;
  fieldIndex: number;
  confidence: Exclude<MappingConfidence, 'none'>;
  /** Fuzzy only: length of the contained alias, since a longer one is stronger evidence. */
  specificity: number;
}

function bestMatch(header: string, field: FieldSpec): Omit<Candidate, 'headerIndex' | 'fieldIndex'> | null {
  if (header === '') return null;
  if (header === matchKey(field.key)) return { confidence: 'exact', specificity: 0 };
  const aliases = field.aliases.map(matchKey).filter((a) => a !== '');
  if (aliases.includes(header)) return { confidence: 'alias', specificity: 0 };
  const contained = aliases.filter((a) => containsAlias(header, a));
  if (contained.length === 0) return null;
  return { confidence: 'fuzzy', specificity: Math.max(...contained.map((a) => a.length)) };
}

function compareCandidates(a: Candidate, b: Candidate): number {
  return (
    RANK[b.confidence] - RANK[a.confidence] ||
    b.specificity - a.specificity ||
    a.headerIndex - b.headerIndex ||
    a.fieldIndex - b.fieldIndex
  );
}

/**
 * Suggests a field for each header. Each field is used at most once: candidates are assigned
 * greedily from strongest (exact key > alias > contained alias, a longer contained alias first,
 * then the leftmost column), so a "客户编号" column claims customerExternalId before "客户" is considered for it.
 */
export function suggestColumnMapping(headers: string[], fields: readonly FieldSpec[]): ColumnMapping[] {
  const keys = headers.map((h) => matchKey(String(h ?? '')));
  const candidates: Candidate[] = [];
  keys.forEach((header, headerIndex) => {
    fields.forEach((field, fieldIndex) => {
      const m = bestMatch(header, field);
      if (m) candidates.push({ headerIndex, fieldIndex, ...m });
    });
  });
  candidates.sort(compareCandidates);
  const result: ColumnMapping[] = headers.map((header) => ({ header, field: null, confidence: 'none' }));
  const usedFields = new Set<number>();
  for (const c of candidates) {
    if (result[c.headerIndex].field !== null || usedFields.has(c.fieldIndex)) continue;
    usedFields.add(c.fieldIndex);
    result[c.headerIndex] = {
      header: headers[c.headerIndex],
      field: fields[c.fieldIndex].key,
      confidence: c.confidence,
    };
  }
  return result;
}

/** Only text cells can be headers; numbers, dates and blanks in a row are data. */
const cellText = (cell: unknown): string => (typeof cell === 'string' ? cell : '');

/**
 * Index of the header row among the first `maxScan` rows: the first row matching the most fields.
 * Exports often put a report title, filters or blank rows above the header. Returns -1 when no
 * row matches at least two fields, since one match is too weak to tell a header from data.
 */
export function detectHeaderRow(rows: unknown[][], fields: readonly FieldSpec[], maxScan = 10): number {
  let best = -1;
  let bestCount = 1;
  const limit = Math.min(rows.length, maxScan);
  for (let i = 0; i < limit; i++) {
    const row = Array.isArray(rows[i]) ? rows[i] : [];
    const count = suggestColumnMapping(row.map(cellText), fields).filter((m) => m.field !== null).length;
    if (count > bestCount) {
      best = i;
      bestCount = count;
    }
  }
  return best;
}
