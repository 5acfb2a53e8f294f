import type { ScorecardDefinition, TenureStage } from '@stride/contracts';
import { DEFAULT_GRADE_SCALE } from '@stride/domain';
import { and, eq } from 'drizzle-orm';
import { SUGGESTED_GUIDELINE } from '../../modules/scorecards/grade-scales.service';
import type { DbOrTx } from '../client';
import { gradeScales, positions, scorecardTemplates, scorecardTemplateVersions } from '../schema';

const linear = (target: string, cap = '120') => ({ type: 'linear' as const, target, floor: '0', cap });
const metric = (
  key: string,
  metricKey: string,
  weight: string,
  rule: ScorecardDefinition['dimensions'][0]['indicators'][0]['rule'],
) => ({
  key,
  kind: 'metric' as const,
  metricKey,
  weight,
  rule,
});
const RUBRIC = [
  { level: 1, label: '不达标', description: '经常违反规范或能力明显不足，需要持续督导', points: '20' },
  { level: 2, label: '待改进', description: '偶有违规或短板，需要提醒和辅导', points: '50' },
  { level: 3, label: '达标', description: '遵守规范，胜任岗位要求', points: '80' },
  { level: 4, label: '良好', description: '主动规范，能带动同事，稳定发挥', points: '100' },
  { level: 5, label: '卓越', description: '成为团队标杆，形成可复制的方法', points: '120' },
];

/** Monthly scorecards for 销售代表 by tenure stage (figures sized to the demo activity). */
export const DEMO_TEMPLATES: { name: string; stage: TenureStage; definition: ScorecardDefinition }[] = [
  {
    name: '销售代表 · 试用期',
    stage: 'probation',
    definition: {
      dimensions: [
        {
          key: 'results',
          name: '业绩',
          weight: '50',
          indicators: [metric('revenue', 'revenue', '100', linear('30000'))],
        },
        {
          key: 'activity',
          name: '活动量',
          weight: '40',
          indicators: [
            metric('calls', 'calls', '40', linear('20')),
            metric('visits', 'visits', '40', linear('6')),
            metric('opportunities', 'opportunities', '20', linear('3')),
          ],
        },
        {
          key: 'customer',
          name: '客户',
          weight: '10',
          indicators: [
            metric('customers', 'customers', '100', {
              type: 'bands',
              bands: [
                { threshold: '1', points: '60' },
                { threshold: '2', points: '80' },
                { threshold: '3', points: '100' },
              ],
              fallbackPoints: '0',
            }),
          ],
        },
      ],
    },
  },
  {
    name: '销售代表 · 转正后前 6 个月',
    stage: 'early',
    definition: {
      dimensions: [
        {
          key: 'activity',
          name: '活动量',
          weight: '30',
          indicators: [
            metric('calls', 'calls', '30', linear('22')),
            metric('visits', 'visits', '40', linear('7')),
            metric('followups', 'followups', '30', linear('4')),
          ],
        },
        {
          key: 'customer',
          name: '客户',
          weight: '20',
          indicators: [
            metric('high_value_customers', 'high_value_customers', '60', {
              type: 'bands',
              bands: [
                { threshold: '1', points: '60' },
                { threshold: '2', points: '80' },
                { threshold: '3', points: '100' },
                { threshold: '4', points: '120' },
              ],
            }),
            metric('csat', 'csat', '40', linear('4')),
          ],
        },
        {
          key: 'results',
          name: '业绩',
          weight: '35',
          indicators: [
            metric('revenue', 'revenue', '70', linear('50000')),
            metric('collections', 'collections', '30', linear('45000')),
          ],
        },
        {
          // Right after regularization, conduct is rated by the person and their manager.
          key: 'behaviour',
          name: '行为规范',
          weight: '15',
          indicators: [
            {
              key: 'conduct',
              name: '行为规范',
              kind: 'rating',
              weight: '100',
              rule: {
                type: 'rubric',
                rubric: RUBRIC,
                raters: [
                  { rater: 'manager', weight: '70' },
                  { rater: 'self', weight: '30' },
                ],
              },
            },
          ],
        },
      ],
    },
  },
  {
    name: '销售代表 · 成熟期',
    stage: 'tenured',
    definition: {
      dimensions: [
        {
          key: 'results',
          name: '业绩',
          weight: '60',
          indicators: [
            metric('revenue', 'revenue', '40', linear('60000', '150')),
            metric('collections', 'collections', '30', linear('55000')),
            metric('win_rate', 'win_rate', '15', {
              type: 'bands',
              bands: [
                { threshold: '0.3', points: '60' },
                { threshold: '0.45', points: '80' },
                { threshold: '0.55', points: '100' },
                { threshold: '0.65', points: '110' },
              ],
            }),
            metric('high_value_customers', 'high_value_customers', '15', {
              type: 'percentile',
              floor: '40',
              cap: '100',
            }),
          ],
        },
        {
          key: 'behaviour',
          name: '行为规范',
          weight: '15',
          indicators: [
            {
              key: 'conduct',
              name: '行为规范',
              kind: 'rating',
              weight: '100',
              rule: {
                type: 'rubric',
                rubric: RUBRIC,
                raters: [
                  { rater: 'manager', weight: '60' },
                  { rater: 'self', weight: '20' },
                  { rater: 'peer', weight: '20' },
                ],
              },
            },
          ],
        },
        {
          key: 'capability',
          name: '能力',
          weight: '15',
          indicators: [
            {
              key: 'competency',
              name: '专业能力',
              kind: 'rating',
              weight: '100',
              rule: {
                type: 'rubric',
                rubric: RUBRIC,
                raters: [
                  { rater: 'manager', weight: '70' },
                  { rater: 'self', weight: '30' },
                ],
              },
            },
          ],
        },
        {
          key: 'customer',
          name: '客户',
          weight: '10',
          indicators: [metric('csat', 'csat', '100', linear('4.2'))],
        },
      ],
    },
  },
];

/**
 * The demo company's scorecard templates and default grade scale. Idempotent: an organization that
 * already has templates or grade scales keeps them.
 */
export async function seedDemoScorecards(tx: DbOrTx, orgId: string, now = new Date()): Promise<void> {
  const [template] = await tx
    .select({ id: scorecardTemplates.id })
    .from(scorecardTemplates)
    .where(eq(scorecardTemplates.orgId, orgId))
    .limit(1);
  const [position] = await tx
    .select({ id: positions.id })
    .from(positions)
    .where(and(eq(positions.orgId, orgId), eq(positions.name, '销售代表')));
  if (!template && position) {
    for (const t of DEMO_TEMPLATES) {
      const [row] = await tx
        .insert(scorecardTemplates)
        .values({
          orgId,
          name: t.name,
          positionIds: [position.id],
          stages: [t.stage],
          currentVersion: 1,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: scorecardTemplates.id });
      await tx.insert(scorecardTemplateVersions).values({
        templateId: row.id,
        version: 1,
        orgId,
        definition: t.definition,
        note: '演示数据',
        createdAt: now,
      });
    }
  }
  const [scale] = await tx
    .select({ id: gradeScales.id })
    .from(gradeScales)
    .where(eq(gradeScales.orgId, orgId))
    .limit(1);
  if (!scale) {
    await tx.insert(gradeScales).values({
      orgId,
      name: '标准等级（2-7-1）',
      bands: DEFAULT_GRADE_SCALE.bands,
      guideline: SUGGESTED_GUIDELINE,
      isDefault: true,
      createdAt: now,
      updatedAt: now,
    });
  }
}
