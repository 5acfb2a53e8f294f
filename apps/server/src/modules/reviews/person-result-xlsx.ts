import type { Locale, PersonResult } from '@stride/contracts';
import type { Db } from '../../db/client';
import { auditExport } from '../audit/audit.service';
import { type SheetData, workbookOfSheets } from './calibration.service';
import type { ReviewCtx } from './context';
import { personResult } from './results.service';

const num = (v: string | null) => (v === null ? '' : Number(v));

const labels = {
  'zh-CN': {
    file: '考核结果',
    summary: '概览',
    item: '项目',
    value: '值',
    employeeNo: '工号',
    name: '姓名',
    unit: '部门',
    position: '岗位',
    cycle: '考核周期',
    period: '考核期间',
    tenureStage: '任职阶段',
    template: '考核方案',
    total: '总分',
    maxTotal: '满分',
    computedGrade: '计算等级',
    grade: '绩效等级',
    coefficient: '绩效系数',
    teamRank: '团队排名',
    teamPercentile: '团队百分位（%）',
    cohortRank: '同岗位排名',
    cohortPercentile: '同岗位百分位（%）',
    previousCycle: '上期考核周期',
    previousTotal: '上期总分',
    totalChange: '总分变化',
    dimensions: '维度',
    dimensionHeaders: ['维度', '权重', '得分', '贡献分', '团队平均'],
    indicators: '指标明细',
    indicatorHeaders: [
      '指标',
      '维度',
      '实际值',
      '目标值',
      '目标来源',
      '达成率（%）',
      '得分',
      '权重',
      '贡献分',
      '团队平均',
      '缺少数据',
    ],
    change: '与上期相比',
    changeHeaders: ['指标', '说明', '得分影响', '权重影响', '合计贡献'],
    sum: '合计',
    tenureStages: { probation: '试用期', early: '转正初期', tenured: '成熟期' },
    targetSources: { personal: '个人目标', template: '方案目标' },
    presentIn: { both: '', current: '本期新增', previous: '本期已取消' },
    missing: {
      NO_ACTUAL: '无实际值，按 0 分计',
      NO_TARGET: '无目标值，按 0 分计',
      NO_BASE: '无基期数据，按 0 分计',
      BASE_ZERO: '基期为 0，无法计算增长率',
      NO_COHORT: '无可比较的同岗位人员',
      NO_RATINGS: '尚未评分',
    } as Record<string, string>,
  },
  'en-US': {
    file: 'result',
    summary: 'Summary',
    item: 'Item',
    value: 'Value',
    employeeNo: 'Employee no.',
    name: 'Name',
    unit: 'Unit',
    position: 'Position',
    cycle: 'Review cycle',
    period: 'Period',
    tenureStage: 'Tenure stage',
    template: 'Scorecard',
    total: 'Total',
    maxTotal: 'Maximum',
    computedGrade: 'Computed grade',
    grade: 'Grade',
    coefficient: 'Bonus coefficient',
    teamRank: 'Rank in team',
    teamPercentile: 'Team percentile (%)',
    cohortRank: 'Rank among the same position',
    cohortPercentile: 'Position percentile (%)',
    previousCycle: 'Previous cycle',
    previousTotal: 'Previous total',
    totalChange: 'Change in total',
    dimensions: 'Dimensions',
    dimensionHeaders: ['Dimension', 'Weight', 'Score', 'Contribution', 'Team average'],
    indicators: 'Indicators',
    indicatorHeaders: [
      'Indicator',
      'Dimension',
      'Actual',
      'Target',
      'Target source',
      'Attainment (%)',
      'Score',
      'Weight',
      'Contribution',
      'Team average',
      'Missing data',
    ],
    change: 'Since previous cycle',
    changeHeaders: ['Indicator', 'Note', 'Score effect', 'Weight effect', 'Contribution'],
    sum: 'Total',
    tenureStages: { probation: 'Probation', early: 'Early (after regularization)', tenured: 'Tenured' },
    targetSources: { personal: 'Personal', template: 'Scorecard' },
    presentIn: { both: '', current: 'New this cycle', previous: 'Dropped this cycle' },
    missing: {
      NO_ACTUAL: 'No actual value: scored 0',
      NO_TARGET: 'No target: scored 0',
      NO_BASE: 'No base period data: scored 0',
      BASE_ZERO: 'The base period is 0, so there is no growth rate',
      NO_COHORT: 'No peers to compare with',
      NO_RATINGS: 'Not rated yet',
    } as Record<string, string>,
  },
} as const;

/** The sheets of one person's result, as the result page shows it, in the caller's language. */
export function personResultSheets(res: PersonResult, locale: Locale): SheetData[] {
  const l = labels[locale];
  const dimensionName = new Map(res.dimensions.map((d) => [d.key, d.name]));
  const summary: [string, unknown][] = [
    [l.employeeNo, res.employee.employeeNo],
    [l.name, res.employee.name],
    [l.unit, res.unit.name],
    [l.position, res.position?.name ?? ''],
    [l.cycle, res.cycle.name],
    [l.period, `${res.cycle.periodStart} ~ ${res.cycle.periodEnd}`],
    [l.tenureStage, l.tenureStages[res.tenureStage]],
    [l.template, `${res.template.name} (v${res.template.version})`],
    [l.total, num(res.total)],
    [l.maxTotal, num(res.maxTotal)],
    [l.computedGrade, res.computedGrade ?? ''],
    [l.grade, res.grade ?? res.computedGrade ?? ''],
    [l.coefficient, num(res.bonusCoefficient)],
    [l.teamRank, `${res.rank.team.rank} / ${res.rank.team.of}`],
    [l.teamPercentile, num(res.rank.team.percentile)],
    [l.cohortRank, `${res.rank.cohort.rank} / ${res.rank.cohort.of}`],
    [l.cohortPercentile, num(res.rank.cohort.percentile)],
    ...(res.change
      ? ([
          [l.previousCycle, res.change.previousCycle.name],
          [l.previousTotal, num(res.change.previousTotal)],
          [l.totalChange, num(res.change.totalChange)],
        ] as [string, unknown][])
      : []),
  ];
  const sheets: SheetData[] = [
    { name: l.summary, headers: [l.item, l.value], rows: summary },
    {
      name: l.dimensions,
      headers: [...l.dimensionHeaders],
      rows: res.dimensions.map((d) => [d.name, num(d.weight), num(d.score), num(d.contribution), num(d.teamAverage)]),
    },
    {
      name: l.indicators,
      headers: [...l.indicatorHeaders],
      rows: res.indicators.map((i) => [
        i.name ?? i.key,
        dimensionName.get(i.dimension) ?? i.dimension,
        num(i.actual),
        num(i.target),
        i.targetSource ? l.targetSources[i.targetSource] : '',
        num(i.attainment),
        num(i.score),
        num(i.weight),
        num(i.contribution),
        num(i.teamAverage),
        i.missing ? (l.missing[i.missing] ?? i.missing) : '',
      ]),
    },
  ];
  if (res.change)
    sheets.push({
      name: l.change,
      headers: [...l.changeHeaders],
      rows: [
        ...res.change.indicators.map((i) => [
          i.name ?? i.key,
          l.presentIn[i.presentIn],
          num(i.scoreEffect),
          num(i.weightEffect),
          num(i.contribution),
        ]),
        [l.sum, '', '', '', num(res.change.totalChange)],
      ],
    });
  return sheets;
}

/**
 * One person's result as a spreadsheet. It is read exactly as the result page reads it, so the same people may
 * download it (the person once published, the managers of their unit, HR) and anyone else is answered like a
 * missing participant. The download is audited.
 */
export async function personResultWorkbook(db: Db, ctx: ReviewCtx, id: string, locale: Locale) {
  const res = await personResult(db, ctx, id, locale);
  const buffer = await workbookOfSheets(personResultSheets(res, locale));
  await auditExport(
    db,
    ctx.actor,
    {
      action: 'review_participant.result_exported',
      entityType: 'review_participant',
      entityId: res.participantId,
      after: { rows: res.indicators.length, employeeId: res.employee.id, cycleId: res.cycle.id },
    },
    ctx.now,
  );
  const l = labels[locale];
  return { buffer, filename: `${res.cycle.name}-${res.employee.name}-${l.file}.xlsx` };
}
