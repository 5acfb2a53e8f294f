import type { DbOrTx } from '../../db/client';
import { trainingCourses } from '../../db/schema';
import { todayIn } from '../../lib/dates';
import { evaluateAlerts } from './evaluator';

/**
 * The demo company's training catalog (addresses on the company's own learning site, which the demo does not
 * have: placeholders a customer replaces) and its alerts as of today: the built-in rules judged on the seeded
 * activity, so the people who slow down after regularization show up with their evidence.
 */
export async function seedDemoAlerts(tx: DbOrTx, orgId: string, now: Date): Promise<number> {
  await tx.insert(trainingCourses).values([
    {
      orgId,
      title: '高效电话销售：开场与异议处理',
      url: 'https://learning.example.com/courses/phone-selling',
      description: '45 分钟线上课，含话术练习',
      metricKeys: ['calls', 'leads'],
      competencies: ['客户开发'],
      focus: {
        'zh-CN': '每天上午固定一小时集中拨打电话，先联系近 30 天有意向的客户',
        'en-US': 'Keep one fixed hour each morning for calls, starting with customers who showed interest recently',
      },
    },
    {
      orgId,
      title: '客户拜访计划与高价值客户经营',
      url: 'https://learning.example.com/courses/visit-planning',
      description: '拜访前准备、拜访节奏与复盘',
      metricKeys: ['visits', 'high_value_customers'],
      competencies: ['客户经营'],
      focus: {
        'zh-CN': '每周一排好本周拜访计划，优先覆盖高价值客户',
        'en-US': 'Plan the week’s visits every Monday and cover high-value customers first',
      },
    },
    {
      orgId,
      title: '大单推进与回款管理',
      url: 'https://learning.example.com/courses/deal-closing',
      description: '商机阶段管理、谈判与回款节奏',
      metricKeys: ['revenue', 'collections', 'win_rate'],
      competencies: ['商务谈判'],
      focus: {},
    },
  ]);
  const result = await evaluateAlerts(
    tx,
    { orgId, now, today: todayIn('Asia/Shanghai', now), emailEnabled: false },
    null,
  );
  return result.raised;
}
