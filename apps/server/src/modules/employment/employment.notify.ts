import type { ApprovalRole, EmploymentActionKind, Locale } from '@stride/contracts';
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client';
import { type NotifyItem, notify } from '../notifications/notifications.service';
import type { ActionRow } from './employment.read';

export type ActionStep = 'awaiting' | 'approved' | 'rejected' | 'scheduled' | 'effective';

export const kindNames: Record<EmploymentActionKind, Record<Locale, string>> = {
  coaching: { 'zh-CN': '辅导记录', 'en-US': 'coaching record' },
  training: { 'zh-CN': '培训记录', 'en-US': 'training record' },
  rotation: { 'zh-CN': '轮岗', 'en-US': 'rotation' },
  transfer: { 'zh-CN': '调岗', 'en-US': 'transfer' },
  demotion: { 'zh-CN': '降职', 'en-US': 'demotion' },
  promotion: { 'zh-CN': '晋升', 'en-US': 'promotion' },
  termination: { 'zh-CN': '解除劳动合同', 'en-US': 'termination' },
};

type Texts = Record<Locale, { title: string; body: string }>;

/** {name} the person, {kind} the kind of action, {date} its effective date. */
const messages: Record<ActionStep, Texts> = {
  awaiting: {
    'zh-CN': { title: '人事异动待您审批', body: '{name}的{kind}（生效日期 {date}）待您审批。' },
    'en-US': {
      title: 'Employment action awaiting your approval',
      body: 'The {kind} of {name} (effective {date}) awaits your decision.',
    },
  },
  approved: {
    'zh-CN': { title: '人事异动已批准', body: '{name}的{kind}已审批通过，生效日期 {date}。' },
    'en-US': { title: 'Employment action approved', body: 'The {kind} of {name} was approved, effective {date}.' },
  },
  rejected: {
    'zh-CN': { title: '人事异动被驳回', body: '{name}的{kind}被驳回，请查看审批意见。' },
    'en-US': {
      title: 'Employment action rejected',
      body: 'The {kind} of {name} was rejected; see the comment.',
    },
  },
  scheduled: {
    'zh-CN': { title: '您的岗位变动已确定', body: '您的{kind}已审批通过，自 {date} 起生效。' },
    'en-US': { title: 'Your job change is confirmed', body: 'Your {kind} was approved and takes effect on {date}.' },
  },
  effective: {
    'zh-CN': { title: '人事异动已生效', body: '{name}的{kind}已于 {date} 生效。' },
    'en-US': { title: 'Employment action in effect', body: 'The {kind} of {name} took effect on {date}.' },
  },
};

const fill = (s: string, v: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_, k: string) => v[k] ?? '');

/**
 * Active users who may decide `role` for an action about the person: hr / admin users of the organization, or
 * managers leading the person's unit or a unit above it; never the person themself nor someone who already
 * decided a step of the action.
 */
export async function decidersOf(
  tx: DbOrTx,
  action: Pick<ActionRow, 'orgId' | 'employeeId'>,
  role: ApprovalRole,
  excludeUserIds: string[],
): Promise<string[]> {
  const rows =
    role === 'manager'
      ? await queryRows<{ id: string }>(
          tx,
          sql`with recursive up as (
                select u.id, u.parent_id, u.leader_employee_id, 0 as depth from org_units u
                join employees e on e.unit_id = u.id where e.id = ${action.employeeId}
                union all
                select p.id, p.parent_id, p.leader_employee_id, up.depth + 1 from org_units p join up on p.id = up.parent_id
                where up.depth < 50
              )
              select distinct us.id::text as id from users us
              join up on up.leader_employee_id = us.employee_id
              where us.org_id = ${action.orgId} and us.is_active and us.role = 'manager'
                and us.employee_id <> ${action.employeeId}`,
        )
      : await queryRows<{ id: string }>(
          tx,
          sql`select id::text as id from users
              where org_id = ${action.orgId} and is_active and role = ${role}
                and (employee_id is null or employee_id <> ${action.employeeId})`,
        );
  return rows.map((r) => r.id).filter((id) => !excludeUserIds.includes(id));
}

/** Active users bound to the person (for the notice of their own job change). */
export async function usersOfPerson(tx: DbOrTx, orgId: string, employeeId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`select id::text as id from users where org_id = ${orgId} and employee_id = ${employeeId} and is_active`,
  );
  return rows.map((r) => r.id);
}

/**
 * Tells the given users about a step of an action, except the one who took it. `occurrence` tells repeated
 * steps apart (each approval step), so each is told once. Never posted to group chats: these are personal.
 */
export async function tellAction(
  tx: DbOrTx,
  action: Pick<ActionRow, 'id' | 'orgId' | 'employeeId' | 'kind' | 'effectiveDate'>,
  personName: string,
  step: ActionStep,
  userIds: string[],
  opts: { actorUserId: string | null; occurrence?: string; emailEnabled: boolean; now: Date },
) {
  const kind = action.kind as EmploymentActionKind;
  const text = Object.fromEntries(
    (Object.entries(messages[step]) as [Locale, { title: string; body: string }][]).map(([locale, m]) => {
      const values = { name: personName, kind: kindNames[kind][locale], date: action.effectiveDate };
      return [locale, { title: fill(m.title, values), body: fill(m.body, values) }];
    }),
  );
  const key = `employment:${action.id}:${step}${opts.occurrence ? `:${opts.occurrence}` : ''}`;
  const items: NotifyItem[] = [...new Set(userIds)]
    .filter((id) => id !== opts.actorUserId)
    .map((userId) => ({
      orgId: action.orgId,
      userId,
      kind: `employment.${step}`,
      params: { text, actionId: action.id },
      link: `/employment-actions/${action.id}`,
      dedupeKey: key,
      subjectEmployeeId: action.employeeId,
      imGroup: false,
    }));
  await notify(tx, items, { emailEnabled: opts.emailEnabled, now: opts.now });
}
