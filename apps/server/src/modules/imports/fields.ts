import { type ImportKind, importFields } from '@stride/contracts';
import { ACTIVITY_IMPORT_FIELDS, type FieldSpec, PERSON_IMPORT_FIELDS } from '@stride/domain';

const EMPLOYEE_NO = ['工号', '员工编号', '员工号', 'employee no', 'employee number', 'emp no'];
const METRIC = ['指标', '指标名称', '指标编码', 'metric', 'metric key'];
const PERIOD_TYPE = ['周期类型', '期间类型', 'period type'];
const PERIOD_START = ['周期', '期间', '月份', '统计周期', '周期开始', 'period', 'period start', 'month'];

/** Column-name spellings per field, for header detection and the suggested mapping. */
export const fieldSpecs: Record<ImportKind, readonly FieldSpec[]> = {
  activities: [...ACTIVITY_IMPORT_FIELDS, { key: 'quantity', aliases: ['数量', '件数', 'quantity', 'qty'] }],
  people: [...PERSON_IMPORT_FIELDS, { key: 'exitDate', aliases: ['离职日期', 'exit date', 'leave date'] }],
  metric_values: [
    { key: 'employeeNo', aliases: EMPLOYEE_NO },
    { key: 'metric', aliases: METRIC },
    { key: 'periodType', aliases: PERIOD_TYPE },
    { key: 'periodStart', aliases: PERIOD_START },
    { key: 'value', aliases: ['数值', '值', '指标值', 'value'] },
  ],
  targets: [
    { key: 'employeeNo', aliases: EMPLOYEE_NO },
    { key: 'unit', aliases: ['团队', '部门', '团队名称', '部门名称', 'team', 'unit', 'org unit', 'department'] },
    { key: 'metric', aliases: METRIC },
    { key: 'periodType', aliases: PERIOD_TYPE },
    { key: 'periodStart', aliases: PERIOD_START },
    { key: 'value', aliases: ['目标', '目标值', '目标金额', '目标数值', '数值', 'target', 'target value', 'value'] },
    { key: 'reason', aliases: ['原因', '调整原因', '变更原因', '说明', '备注', 'reason', 'note'] },
  ],
};

// Every field of the contract has spellings, and nothing else is offered.
for (const kind of Object.keys(importFields) as ImportKind[]) {
  const keys = new Set(fieldSpecs[kind].map((f) => f.key));
  for (const f of importFields[kind]) if (!keys.has(f.key)) throw new Error(`No spellings for ${kind}.${f.key}`);
  if (keys.size !== importFields[kind].length) throw new Error(`Unknown field among the spellings of ${kind}`);
}

export const fieldKeys = (kind: ImportKind) => importFields[kind].map((f) => f.key);
