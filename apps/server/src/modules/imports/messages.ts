import type { Locale } from '@stride/contracts';
import { localizeFieldError } from '../../lib/problem';

/** Problems of one row (not HTTP errors): their text per language. */
const rowText: Record<string, Record<Locale, string>> = {
  UNRECOGNIZED_DATE: { 'zh-CN': '无法识别的日期', 'en-US': 'Not a recognizable date' },
  INVALID_DATE: { 'zh-CN': '日期不存在（如 2 月 30 日）', 'en-US': 'No such date (e.g. 30 February)' },
  UNRECOGNIZED_AMOUNT: { 'zh-CN': '无法识别的金额', 'en-US': 'Not a recognizable amount' },
  TOO_MANY_DECIMALS: { 'zh-CN': '小数位数过多', 'en-US': 'Too many decimal places' },
  NOT_A_COUNT: { 'zh-CN': '须为整数', 'en-US': 'Must be a whole number' },
  DUPLICATE_IN_FILE: { 'zh-CN': '与文件中前面的行重复', 'en-US': 'Repeats an earlier row of the file' },
  UNIT_NOT_FOUND: { 'zh-CN': '本组织没有这个部门', 'en-US': 'No unit of this name in the organization' },
  UNIT_AMBIGUOUS: {
    'zh-CN': '有多个同名部门，请写成“上级部门/部门”',
    'en-US': 'Several units have this name; write it as "parent/unit"',
  },
  POSITION_NOT_FOUND: { 'zh-CN': '本组织没有这个岗位', 'en-US': 'No position of this name in the organization' },
  POSITION_AMBIGUOUS: { 'zh-CN': '有多个同名岗位', 'en-US': 'Several positions have this name' },
  MANAGER_NOT_FOUND: {
    'zh-CN': '找不到这位上级（按工号或姓名）',
    'en-US': 'No such manager (by employee number or name)',
  },
  MANAGER_AMBIGUOUS: {
    'zh-CN': '有多位同名员工，请填写上级的工号',
    'en-US': 'Several people have this name; give the manager’s employee number',
  },
  MANAGER_ROW_INVALID: {
    'zh-CN': '上级所在的行未通过校验',
    'en-US': 'The manager’s own row did not pass the check',
  },
  CONTRACT_TYPE_UNKNOWN: {
    'zh-CN': '合同类型须为 固定期限、无固定期限 或 以完成一定工作任务为期限',
    'en-US': 'Contract type must be fixed_term, open_ended or task_based',
  },
  STATUS_UNKNOWN: { 'zh-CN': '未知的人员状态', 'en-US': 'Unknown status' },
  PERIOD_TYPE_UNKNOWN: {
    'zh-CN': '周期类型须为 周、月、季度 或 年',
    'en-US': 'Period type must be week, month, quarter or year',
  },
  EMPLOYEE_NO_UNKNOWN: {
    'zh-CN': '本组织没有此工号的员工',
    'en-US': 'No one in the organization has this employee number',
  },
  TARGET_SUBJECT_MISSING: {
    'zh-CN': '请填写工号（个人目标）或团队（团队目标）',
    'en-US': 'Give an employee number (a person’s target) or a team (a team target)',
  },
  TARGET_SUBJECT_BOTH: {
    'zh-CN': '一行只能是个人目标或团队目标：工号和团队只能填一个',
    'en-US': 'A row is a person’s or a team’s target: give the employee number or the team, not both',
  },
  TARGET_PERIOD_TYPE_UNKNOWN: {
    'zh-CN': '目标的周期类型须为 月、季度 或 年',
    'en-US': 'A target’s period type must be month, quarter or year',
  },
  TARGET_VALUE_NOT_POSITIVE: { 'zh-CN': '目标值须大于 0', 'en-US': 'A target must be greater than 0' },
  TARGET_LOCKED_REASON_REQUIRED: {
    'zh-CN': '目标所在周期已开始，目标已锁定：修改须在“原因”列说明原因',
    'en-US': 'The target’s period has started, so it is locked: a change needs a reason in the reason column',
  },
  TARGET_REASON_TOO_SHORT: { 'zh-CN': '原因至少 5 个字', 'en-US': 'A reason needs at least 5 characters' },
  TARGET_REASON_TOO_LONG: { 'zh-CN': '原因最多 500 个字', 'en-US': 'A reason has at most 500 characters' },
  TARGET_SELF_SET: {
    'zh-CN': '不能为自己设定目标，请由上级或其他 HR 设定',
    'en-US': 'You cannot set your own target; your manager or another HR person does',
  },
  COMMIT_FAILED: { 'zh-CN': '写入时失败', 'en-US': 'Failed while writing' },
  INTERRUPTED: {
    'zh-CN': '服务器在提交过程中重启，导入已中止',
    'en-US': 'The server restarted during the commit; the import was stopped',
  },
};

/** A row problem in the caller's language: import codes, then Stride error codes, then zod's generic ones. */
export function rowMessage(code: string, locale: Locale, fallback?: string): string {
  return rowText[code]?.[locale] ?? localizeFieldError({ field: '', code, message: fallback }, locale).message;
}

export const errorsColumnTitle: Record<Locale, string> = { 'zh-CN': '错误原因', 'en-US': 'Errors' };
