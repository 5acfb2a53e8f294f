import type { DocumentKind } from '@stride/contracts';

/**
 * The data each document kind is filled with. Every value is a plain string ready to print (dates as
 * 2026年11月27日, money as 40,000.00, '' when unknown), except the loops (arrays of such objects) and the
 * conditions (booleans, used as {#hasSeverance}…{/hasSeverance} or {^hasSeverance}…{/hasSeverance}).
 * No kind carries an ID number.
 */
export interface DocumentCommon {
  org: { name: string };
  /** The date the document is produced, in the organization's time zone: 2026年11月27日. */
  today: string;
  person: { name: string; employeeNo: string; unit: string; position: string; hireDate: string };
}

export interface JobPlace {
  unit: string;
  position: string;
  manager: string;
}

export interface ImprovementPlanData extends DocumentCommon {
  /** The plan owner (direct manager). */
  manager: string;
  /** The coach's name, or ''. */
  coach: string;
  hasCoach: boolean;
  startDate: string;
  endDate: string;
  /** Set when the plan was extended: the end date first agreed; '' otherwise. */
  originalEndDate: string;
  extended: boolean;
  /** Metric goals; `no` continues across goals then behaviours (1, 2, 3 …). */
  goals: { no: string; name: string; target: string; comparison: '不低于' | '不高于' }[];
  behaviours: { no: string; text: string; measure: string }[];
  courses: { title: string }[];
  hasCourses: boolean;
  /** The course titles joined with '；', or '—'. */
  coursesText: string;
  checkIns: { date: string }[];
  /** The check-in dates joined with '、', or '按需安排'. */
  checkInsText: string;
  /** The employee confirmed the plan in Stride. */
  signed: boolean;
  /** The employee refused to sign; HR recorded it with a witness note. */
  refused: boolean;
  /** When signed or refused: 2026年11月27日 10:00; '' otherwise. */
  acknowledgedAt: string;
  witnessNote: string;
}

export interface TransferNoticeData extends DocumentCommon {
  /** 调岗 / 轮岗 / 降职 / 晋升 */
  changeKind: string;
  from: JobPlace;
  to: JobPlace;
  effectiveDate: string;
  reason: string;
}

export interface TerminationNoticeData extends DocumentCommon {
  /** e.g. 《中华人民共和国劳动合同法》第四十条第（二）项 */
  groundArticle: string;
  /** The ground in words, e.g. 劳动者不能胜任工作，经过培训或者调整工作岗位，仍不能胜任工作 */
  groundText: string;
  reason: string;
  /** The last day of employment. */
  lastDay: string;
  /** How notice was given, in words (30 days' written notice / one month's wage in lieu / not applicable). */
  noticeMode: string;
  /** Pay in lieu of notice (代通知金), e.g. 40,000.00; '' when none. */
  noticePay: string;
  hasNoticePay: boolean;
  /** Economic compensation (经济补偿), e.g. 120,000.00; '' when none. */
  severance: string;
  hasSeverance: boolean;
  /** What to hand over, to whom and by when. */
  handover: string;
}

export interface MutualTerminationAgreementData extends DocumentCommon {
  contractStartDate: string;
  lastDay: string;
  severance: string;
  /** The date by which the company pays the severance. */
  paymentDeadline: string;
  reason: string;
}

/** Art. 50 / Implementing Regulations Art. 24: term, termination date, position, years of service — never the reason. */
export interface TerminationCertificateData extends DocumentCommon {
  contractStartDate: string;
  /** The end date, or 无固定期限. */
  contractEndDate: string;
  lastDay: string;
  position: string;
  unit: string;
  /** e.g. 3年7个月 */
  serviceYears: string;
}

export interface DocumentData {
  improvement_plan: ImprovementPlanData;
  transfer_notice: TransferNoticeData;
  termination_notice: TerminationNoticeData;
  mutual_termination_agreement: MutualTerminationAgreementData;
  termination_certificate: TerminationCertificateData;
}

export interface PlaceholderInfo {
  /** The tag: `person.name` is written {person.name}; inside a loop, `goals.name` is written {name}. */
  key: string;
  zh: string;
  en: string;
  /** A loop over a list, written {#goals}…{/goals}. */
  loop?: boolean;
  /** A condition (a boolean), written {#hasCoach}…{/hasCoach} or {^hasCoach}…{/hasCoach}. */
  condition?: boolean;
}

// ── Formatting helpers for those who build the data ─────────────────────────────────────────────────────

/** 2026-11-27 → 2026年11月27日; null/'' → '' */
export function zhDate(d: string | null | undefined): string {
  if (!d) return '';
  const [y, m, day] = d.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${day}日`;
}

/** A moment as a date and time in the organization's zone: 2026年11月27日 10:05 */
export function zhDateTime(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const v = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${zhDate(`${v('year')}-${v('month')}-${v('day')}`)} ${v('hour')}:${v('minute')}`;
}

/** '40000' / '40000.5' → '40,000.00' (exact on decimal strings); null/'' → '' */
export function money(v: string | number | null | undefined): string {
  if (v === null || v === undefined || v === '') return '';
  const s = typeof v === 'number' ? v.toFixed(2) : v.trim();
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return s;
  const [, sign, int, frac = ''] = m;
  // Round half up to 2 decimals on the digits, without floating point.
  let cents = BigInt(int) * 100n + BigInt(`${frac}00`.slice(0, 2));
  if (frac.length > 2 && Number(frac[2]) >= 5) cents += 1n;
  const whole = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${whole}.${(cents % 100n).toString().padStart(2, '0')}`;
}

/** Whole years and months between two ISO dates (hire date → last day): 3年7个月, 0年11个月. */
export function serviceLength(from: string, to: string): string {
  const [y1, m1, d1] = from.split('-').map(Number);
  const [y2, m2, d2] = to.split('-').map(Number);
  // The last day counts: whole months from the first day up to the day after the last day.
  const end = new Date(Date.UTC(y2, m2 - 1, d2 + 1));
  let months = (end.getUTCFullYear() - y1) * 12 + (end.getUTCMonth() + 1 - m1);
  if (end.getUTCDate() < d1) months -= 1;
  if (months < 0) months = 0;
  return `${Math.floor(months / 12)}年${months % 12}个月`;
}

// ── Placeholder catalog ──────────────────────────────────────────────────────────────────────────────────

const common: PlaceholderInfo[] = [
  { key: 'org.name', zh: '公司名称', en: 'Company name' },
  { key: 'today', zh: '出具日期（如 2026年11月27日）', en: 'Date of issue (e.g. 2026年11月27日)' },
  { key: 'person.name', zh: '员工姓名', en: "Employee's name" },
  { key: 'person.employeeNo', zh: '工号', en: 'Employee number' },
  { key: 'person.unit', zh: '所在部门', en: 'Department' },
  { key: 'person.position', zh: '岗位', en: 'Position' },
  { key: 'person.hireDate', zh: '入职日期', en: 'Hire date' },
];

const place = (side: 'from' | 'to', zhSide: string, enSide: string): PlaceholderInfo[] => [
  { key: `${side}.unit`, zh: `${zhSide}部门`, en: `${enSide} department` },
  { key: `${side}.position`, zh: `${zhSide}岗位`, en: `${enSide} position` },
  { key: `${side}.manager`, zh: `${zhSide}直接上级`, en: `${enSide} direct manager` },
];

/** Every placeholder each kind offers (used for the template list, the reference and upload validation). */
export const placeholderCatalog: Record<DocumentKind, PlaceholderInfo[]> = {
  improvement_plan: [
    ...common,
    { key: 'manager', zh: '计划负责人（直接上级）', en: 'Plan owner (direct manager)' },
    { key: 'coach', zh: '辅导人姓名（无则为空）', en: "Coach's name (empty if none)" },
    { key: 'hasCoach', zh: '是否指定辅导人（条件）', en: 'A coach is assigned (condition)', condition: true },
    { key: 'startDate', zh: '改进期间开始日期', en: 'Plan start date' },
    { key: 'endDate', zh: '改进期间结束日期', en: 'Plan end date' },
    { key: 'extended', zh: '是否经评估延期（条件）', en: 'The plan was extended (condition)', condition: true },
    { key: 'originalEndDate', zh: '原定结束日期（延期时）', en: 'Original end date (when extended)' },
    { key: 'goals', zh: '业绩目标（循环）', en: 'Metric goals (loop)', loop: true },
    { key: 'goals.no', zh: '序号', en: 'Number' },
    { key: 'goals.name', zh: '指标名称', en: 'Metric name' },
    { key: 'goals.comparison', zh: '不低于 / 不高于', en: '不低于 (at least) / 不高于 (at most)' },
    { key: 'goals.target', zh: '目标值（月均）', en: 'Target (monthly average)' },
    { key: 'behaviours', zh: '行为目标（循环）', en: 'Behaviour goals (loop)', loop: true },
    { key: 'behaviours.no', zh: '序号（接续业绩目标）', en: 'Number (continues after the metric goals)' },
    { key: 'behaviours.text', zh: '行为目标', en: 'Behaviour goal' },
    { key: 'behaviours.measure', zh: '衡量方式', en: 'How it is measured' },
    { key: 'courses', zh: '培训课程（循环）', en: 'Training courses (loop)', loop: true },
    { key: 'courses.title', zh: '课程名称', en: 'Course title' },
    { key: 'hasCourses', zh: '是否安排培训（条件）', en: 'Training is arranged (condition)', condition: true },
    { key: 'coursesText', zh: '培训课程（以“；”分隔，无则为“—”）', en: 'Courses joined with “；” (— if none)' },
    { key: 'checkIns', zh: '面谈日期（循环）', en: 'Check-in dates (loop)', loop: true },
    { key: 'checkIns.date', zh: '面谈日期', en: 'Check-in date' },
    {
      key: 'checkInsText',
      zh: '面谈日期（以“、”分隔，无则为“按需安排”）',
      en: 'Check-in dates joined with “、” (按需安排 if none)',
    },
    { key: 'signed', zh: '员工已在系统中确认（条件）', en: 'The employee confirmed (condition)', condition: true },
    { key: 'refused', zh: '员工拒绝签字（条件）', en: 'The employee refused to sign (condition)', condition: true },
    { key: 'acknowledgedAt', zh: '确认或拒签记录时间', en: 'When confirmed or the refusal was recorded' },
    { key: 'witnessNote', zh: '拒签见证说明', en: 'Witness note of the refusal' },
  ],
  transfer_notice: [
    ...common,
    { key: 'changeKind', zh: '异动类型（调岗 / 轮岗 / 降职 / 晋升）', en: 'Kind of change (调岗/轮岗/降职/晋升)' },
    ...place('from', '原', 'Current'),
    ...place('to', '新', 'New'),
    { key: 'effectiveDate', zh: '生效日期', en: 'Effective date' },
    { key: 'reason', zh: '异动原因', en: 'Reason' },
  ],
  termination_notice: [
    ...common,
    {
      key: 'groundArticle',
      zh: '法律依据条款（如《中华人民共和国劳动合同法》第四十条第（二）项）',
      en: 'Legal provision (e.g. Labour Contract Law Art. 40(2))',
    },
    { key: 'groundText', zh: '解除依据的法定情形', en: 'The statutory ground in words' },
    { key: 'reason', zh: '解除事实与理由', en: 'Facts and reasons' },
    { key: 'lastDay', zh: '最后工作日（劳动合同解除日）', en: 'Last day of employment' },
    { key: 'noticeMode', zh: '提前通知方式', en: 'How notice is given' },
    { key: 'noticePay', zh: '代通知金金额（元）', en: 'Pay in lieu of notice (CNY)' },
    {
      key: 'hasNoticePay',
      zh: '是否支付代通知金（条件）',
      en: 'Pay in lieu of notice applies (condition)',
      condition: true,
    },
    { key: 'severance', zh: '经济补偿金额（元）', en: 'Severance (CNY)' },
    { key: 'hasSeverance', zh: '是否支付经济补偿（条件）', en: 'Severance applies (condition)', condition: true },
    { key: 'handover', zh: '工作交接安排', en: 'Handover arrangements' },
  ],
  mutual_termination_agreement: [
    ...common,
    { key: 'contractStartDate', zh: '劳动合同起始日期', en: 'Contract start date' },
    { key: 'lastDay', zh: '劳动合同解除日期', en: 'Termination date' },
    { key: 'severance', zh: '经济补偿金额（元）', en: 'Severance (CNY)' },
    { key: 'paymentDeadline', zh: '经济补偿支付期限', en: 'Severance payment deadline' },
    { key: 'reason', zh: '协商解除事由', en: 'Reason for the mutual termination' },
  ],
  termination_certificate: [
    ...common,
    { key: 'contractStartDate', zh: '劳动合同起始日期', en: 'Contract start date' },
    { key: 'contractEndDate', zh: '劳动合同终止日期（或“无固定期限”）', en: 'Contract end date (or 无固定期限)' },
    { key: 'lastDay', zh: '劳动合同解除或终止日期', en: 'Date of termination' },
    { key: 'position', zh: '工作岗位', en: 'Position held' },
    { key: 'unit', zh: '所在部门', en: 'Department' },
    { key: 'serviceYears', zh: '本单位工作年限（如 3年7个月）', en: 'Years of service (e.g. 3年7个月)' },
  ],
};

/** The built-in file names (also the download names of the built-in templates). */
export const documentTitles: Record<DocumentKind, string> = {
  improvement_plan: '绩效改进计划书',
  transfer_notice: '岗位调整通知书',
  termination_notice: '解除劳动合同通知书',
  mutual_termination_agreement: '协商解除劳动合同协议书',
  termination_certificate: '解除（终止）劳动合同证明书',
};
