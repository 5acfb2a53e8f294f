import { type ImportKind, type ImportMapping, importFields, importKinds } from '@stride/contracts';

export { importFields, importKinds };

/** activities: at least one of these identifies the person. */
export const PERSON_FIELDS = ['employeeNo', 'email', 'externalUserId'] as const;
/** targets: a row is a person's target (employee number) or a team's (unit); at least one must be mapped. */
export const SUBJECT_FIELDS = ['employeeNo', 'unit'] as const;

/** Whether a kind name (e.g. from `?kind=`) is one the wizard imports. */
export const isImportKind = (k: string | null): k is ImportKind => importKinds.some((x) => x === k);

/**
 * Column headers of the downloadable templates: spellings the server recognizes for each field
 * (see the suggested mapping on the server), with one example row.
 */
export const templates: Record<ImportKind, { headers: Record<string, string>; example: Record<string, string> }> = {
  activities: {
    headers: {
      occurredAt: '日期',
      employeeNo: '工号',
      type: '类型',
      amount: '金额',
      customerName: '客户',
      customerExternalId: '客户编号',
      externalId: '外部编号',
    },
    example: {
      occurredAt: '2025-03-18',
      employeeNo: 'S0001',
      type: '订单',
      amount: '12800.00',
      customerName: '杭州某科技有限公司',
      customerExternalId: 'C-1001',
      externalId: 'SO-20250318-01',
    },
  },
  people: {
    headers: {
      employeeNo: '工号',
      name: '姓名',
      email: '邮箱',
      unit: '部门',
      position: '岗位',
      manager: '直属上级',
      hireDate: '入职日期',
      contractType: '合同类型',
      contractEndDate: '合同结束日期',
      probationEndDate: '试用期结束日期',
      idNumber: '身份证号',
      phone: '手机号',
      status: '状态',
    },
    example: {
      employeeNo: 'S0101',
      name: '张三',
      email: 'zhangsan@example.com',
      unit: '华东大区',
      position: '销售代表',
      manager: 'S0001',
      hireDate: '2025-04-01',
      contractType: '固定期限',
      contractEndDate: '2028-03-31',
      probationEndDate: '2025-09-30',
      idNumber: '',
      phone: '13800000000',
      status: '试用期',
    },
  },
  metric_values: {
    headers: { employeeNo: '工号', metric: '指标', periodType: '周期类型', periodStart: '周期', value: '数值' },
    example: { employeeNo: 'S0001', metric: '订单金额', periodType: '月', periodStart: '2025-03', value: '128000' },
  },
  targets: {
    headers: {
      employeeNo: '工号',
      unit: '团队',
      metric: '指标',
      periodType: '周期类型',
      periodStart: '周期',
      value: '目标值',
      reason: '原因',
    },
    example: {
      employeeNo: 'S0001',
      unit: '',
      metric: '订单金额',
      periodType: '季',
      periodStart: '2026-Q3',
      value: '450000',
    },
  },
};

const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** A UTF-8 CSV (with BOM, so Excel and WPS read the Chinese headers) with the template's headers and example. */
export function templateCsv(kind: ImportKind): Blob {
  const { headers, example } = templates[kind];
  const keys = Object.keys(headers);
  const lines = [keys.map((k) => csvCell(headers[k])), keys.map((k) => csvCell(example[k] ?? ''))];
  return new Blob([`\uFEFF${lines.map((l) => l.join(',')).join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' });
}

export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export type Confidence = 'high' | 'medium' | 'manual' | 'none';

const norm = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-./:：*（）()]+/g, '');

/**
 * How sure the match of a field to a column is: "high" when the header is the field's own name
 * (its key, the template header or its label), "medium" for the server's looser suggestions,
 * "manual" when the person chose another column.
 */
export function confidenceOf(
  kind: ImportKind,
  field: string,
  header: string | null | undefined,
  suggested: ImportMapping,
  labels: string[],
): Confidence {
  if (!header) return 'none';
  if (suggested[field] !== header) return 'manual';
  const h = norm(header);
  const names = [field, templates[kind].headers[field] ?? '', ...labels].filter(Boolean).map(norm);
  return names.includes(h) ? 'high' : 'medium';
}

export function isRequired(kind: ImportKind, field: string): boolean {
  return importFields[kind].some((f) => f.key === field && f.required);
}
