import type { Locale } from '@stride/contracts';
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { type NotifyItem, notify } from '../notifications/notifications.service';
import type { PlanRow } from './plans.read';

export type PlanStep =
  | 'created'
  | 'activated'
  | 'check_in'
  | 'midpoint'
  | 'final'
  | 'passed'
  | 'extended'
  | 'failed'
  | 'cancelled';

type Texts = Record<Locale, { title: string; body: string }>;

/** What each step says, per language; {name} is the person, {end} the plan's end date. */
const messages: Record<PlanStep, Texts> = {
  created: {
    'zh-CN': { title: '绩效改进计划已创建', body: '{name}的绩效改进计划（至 {end}）已创建，待员工确认后开始。' },
    'en-US': {
      title: 'Improvement plan created',
      body: 'An improvement plan for {name} (until {end}) was created; it starts once acknowledged.',
    },
  },
  activated: {
    'zh-CN': { title: '绩效改进计划已开始', body: '{name}的绩效改进计划已确认并开始执行，至 {end} 结束。' },
    'en-US': {
      title: 'Improvement plan started',
      body: 'The improvement plan for {name} was acknowledged and is running until {end}.',
    },
  },
  check_in: {
    'zh-CN': { title: '改进计划新增面谈记录', body: '{name}的绩效改进计划新增了一次面谈记录。' },
    'en-US': {
      title: 'Improvement plan check-in',
      body: 'A check-in was recorded on the improvement plan for {name}.',
    },
  },
  midpoint: {
    'zh-CN': { title: '改进计划中期评估', body: '{name}的绩效改进计划已完成中期评估。' },
    'en-US': {
      title: 'Improvement plan midpoint evaluation',
      body: 'The midpoint evaluation of the improvement plan for {name} was recorded.',
    },
  },
  final: {
    'zh-CN': { title: '改进计划最终评估', body: '{name}的绩效改进计划已完成最终评估，待人力资源记录结果。' },
    'en-US': {
      title: 'Improvement plan final evaluation',
      body: 'The final evaluation of the improvement plan for {name} was recorded; HR records the outcome next.',
    },
  },
  passed: {
    'zh-CN': { title: '改进计划结果：通过', body: '{name}的绩效改进计划结果为“通过”。' },
    'en-US': { title: 'Improvement plan passed', body: 'The improvement plan for {name} was recorded as passed.' },
  },
  extended: {
    'zh-CN': { title: '改进计划已延期', body: '{name}的绩效改进计划已延期至 {end}。' },
    'en-US': { title: 'Improvement plan extended', body: 'The improvement plan for {name} was extended until {end}.' },
  },
  failed: {
    'zh-CN': {
      title: '改进计划结果：未通过',
      body: '{name}的绩效改进计划结果为“未通过”，后续按公司制度及法律规定处理。',
    },
    'en-US': {
      title: 'Improvement plan not passed',
      body: 'The improvement plan for {name} was recorded as not passed; next steps follow company policy and the law.',
    },
  },
  cancelled: {
    'zh-CN': { title: '改进计划已取消', body: '{name}的绩效改进计划已取消。' },
    'en-US': { title: 'Improvement plan cancelled', body: 'The improvement plan for {name} was cancelled.' },
  },
};

const fill = (s: string, v: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_, k: string) => v[k] ?? '');

/**
 * Tells everyone involved — the person, the owner, the coach and HR — about a step of a plan, except the
 * one who took it. `occurrence` tells repeated steps apart (each check-in), so each is told once.
 */
export async function tellPlanStep(
  tx: DbOrTx,
  plan: Pick<PlanRow, 'id' | 'orgId' | 'employeeId' | 'managerEmployeeId' | 'coachEmployeeId' | 'endDate'>,
  personName: string,
  step: PlanStep,
  opts: { actorUserId: string | null; occurrence?: string; emailEnabled: boolean; now: Date },
) {
  const people = [plan.employeeId, plan.managerEmployeeId, plan.coachEmployeeId].filter((x): x is string => !!x);
  const recipients = await queryRows<{ id: string }>(
    tx,
    sql`select id::text as id from users
        where org_id = ${plan.orgId} and is_active
          and (role = 'hr' or employee_id in (${sql.join(
            people.map((p) => sql`${p}::uuid`),
            sql`, `,
          )}))`,
  );
  const values = { name: personName, end: plan.endDate };
  const text = Object.fromEntries(
    (Object.entries(messages[step]) as [Locale, { title: string; body: string }][]).map(([locale, m]) => [
      locale,
      { title: fill(m.title, values), body: fill(m.body, values) },
    ]),
  );
  const key = `plan:${plan.id}:${step}${opts.occurrence ? `:${opts.occurrence}` : ''}`;
  const items: NotifyItem[] = recipients
    .filter((r) => r.id !== opts.actorUserId)
    .map((r) => ({
      orgId: plan.orgId,
      userId: r.id,
      kind: `plan.${step}`,
      params: { text, planId: plan.id },
      link: `/plans/${plan.id}`,
      dedupeKey: key,
      subjectEmployeeId: plan.employeeId,
      // An improvement plan is personal: never posted to group chats.
      imGroup: false,
    }));
  await notify(tx, items, { emailEnabled: opts.emailEnabled, now: opts.now });
}
