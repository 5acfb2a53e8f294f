import type { ImportRowError } from '@stride/contracts';
import { toHalfWidth } from '@stride/domain';
import type { Cell } from './parse-file';

/** A canonical value of a checked row. */
export type Value = string | number | boolean | null;
export type Values = Record<string, Value>;

/** A problem found in a row; text and column are added when it is shown. */
export interface RowProblem {
  row: number;
  field: string;
  code: string;
  message?: string;
}

export interface DataRow {
  row: number;
  cells: Cell[];
}

export type StoredError = ImportRowError;

/** Reads mapped cells of a row by field. */
export class RowReader {
  constructor(
    private readonly columns: Record<string, number>,
    readonly data: DataRow,
  ) {}
  mapped(field: string): boolean {
    return field in this.columns;
  }
  cell(field: string): Cell | undefined {
    const i = this.columns[field];
    if (i === undefined) return undefined;
    const c = this.data.cells[i];
    return c === undefined ? '' : c;
  }
  /** Trimmed text, '' when blank or not mapped. */
  text(field: string): string {
    const c = this.cell(field);
    if (c === undefined) return '';
    return typeof c === 'number' ? numberText(c) : c.trim();
  }
  blank(field: string): boolean {
    return this.text(field) === '';
  }
}

/** Integers (e.g. employee numbers read as numbers) without exponent or trailing ".0". */
export function numberText(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? BigInt(n).toString() : String(n);
}

/** Key for matching names: half-width, single spaces, case-insensitive. */
export const nameKey = (s: string) => toHalfWidth(s).replace(/\s+/g, ' ').trim().toLowerCase();

const lookup = (table: Record<string, string>) => (raw: string) => table[nameKey(raw)];

export const activityTypeOf = lookup({
  电话: 'call',
  通话: 'call',
  外呼: 'call',
  拜访: 'visit',
  上门拜访: 'visit',
  会议: 'meeting',
  邮件: 'email',
  回访: 'followup',
  跟进: 'followup',
  客户回访: 'followup',
  线索: 'lead_created',
  新增线索: 'lead_created',
  商机: 'opportunity_created',
  新增商机: 'opportunity_created',
  赢单: 'opportunity_won',
  输单: 'opportunity_lost',
  丢单: 'opportunity_lost',
  订单: 'order',
  下单: 'order',
  成交: 'order',
  销售订单: 'order',
  回款: 'payment',
  收款: 'payment',
  退款: 'refund',
  满意度: 'csat',
  客户满意度: 'csat',
});

export const currencyOf = lookup({
  '¥': 'CNY',
  '￥': 'CNY',
  rmb: 'CNY',
  人民币: 'CNY',
  元: 'CNY',
  美元: 'USD',
  港币: 'HKD',
});

export const contractTypeOf = lookup({
  fixed_term: 'fixed_term',
  固定期限: 'fixed_term',
  固定期限劳动合同: 'fixed_term',
  固定: 'fixed_term',
  open_ended: 'open_ended',
  无固定期限: 'open_ended',
  无固定期限劳动合同: 'open_ended',
  task_based: 'task_based',
  以完成一定工作任务为期限: 'task_based',
  以完成一定工作任务为期限的劳动合同: 'task_based',
  项目制: 'task_based',
});

export const employeeStatusOf = lookup({
  candidate: 'candidate',
  待入职: 'candidate',
  probation: 'probation',
  试用: 'probation',
  试用期: 'probation',
  试用中: 'probation',
  regular: 'regular',
  正式: 'regular',
  转正: 'regular',
  已转正: 'regular',
  on_plan: 'on_plan',
  transferred: 'transferred',
  调出: 'transferred',
  exited: 'exited',
  离职: 'exited',
  已离职: 'exited',
});

export const periodTypeOf = lookup({
  week: 'week',
  weekly: 'week',
  周: 'week',
  周度: 'week',
  month: 'month',
  monthly: 'month',
  月: 'month',
  月度: 'month',
  quarter: 'quarter',
  quarterly: 'quarter',
  季: 'quarter',
  季度: 'quarter',
  year: 'year',
  yearly: 'year',
  annual: 'year',
  年: 'year',
  年度: 'year',
});
