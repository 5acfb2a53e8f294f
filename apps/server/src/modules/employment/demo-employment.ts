import { addDays, addMonths } from '@stride/domain';
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import {
  employees,
  employmentActionApprovals,
  employmentActions,
  jobHistory,
  lowPerformerPools,
  orgUnits,
  poolEntries,
  positions,
  trainingCourses,
  users,
} from '../../db/schema';
import { todayIn } from '../../lib/dates';
import { ledUnitIds } from '../access/scope';

/**
 * The demo company's employment actions, seeded after the pools (in the seed's transaction): a promotion that
 * took effect four months ago (with its job history), a transfer waiting for HR's approval, a coaching record, a
 * training record on a catalog course, and a draft Art. 40(2) termination for someone in the low-performer pool
 * whose evidence chain is not complete. Approval chains stay at Stride's defaults. Returns how many were seeded.
 */
export async function seedDemoEmployment(tx: DbOrTx, orgId: string, now: Date): Promise<number> {
  const today = todayIn('Asia/Shanghai', now);
  const userOf = async (role: string) => {
    const [u] = await tx
      .select({ id: users.id, employeeId: users.employeeId })
      .from(users)
      .where(and(eq(users.orgId, orgId), eq(users.role, role), eq(users.isActive, true)))
      .orderBy(asc(users.createdAt))
      .limit(1);
    return u;
  };
  const [hr, manager] = [await userOf('hr'), await userOf('manager')];
  if (!hr || !manager?.employeeId) return 0;
  const region = await ledUnitIds(tx, orgId, manager.employeeId);
  if (region.length === 0) return 0;
  const teams = (
    await tx
      .select({ id: orgUnits.id })
      .from(orgUnits)
      .where(
        and(
          eq(orgUnits.orgId, orgId),
          sql`${orgUnits.id} in ${region}`,
          sql`${orgUnits.leaderEmployeeId} is distinct from ${manager.employeeId}`,
        ),
      )
      .orderBy(asc(orgUnits.name))
  ).map((u) => u.id);
  const bound = (await tx.select({ id: users.employeeId }).from(users).where(eq(users.orgId, orgId))).flatMap((u) =>
    u.id ? [u.id] : [],
  );
  const used = new Set<string>([...bound, manager.employeeId]);
  const people = await tx
    .select()
    .from(employees)
    .where(and(eq(employees.orgId, orgId), eq(employees.status, 'regular'), sql`${employees.unitId} in ${region}`))
    .orderBy(asc(employees.employeeNo));
  const pick = (ok: (p: (typeof people)[number]) => boolean) => {
    const p = people.find((x) => !used.has(x.id) && ok(x));
    if (p) used.add(p.id);
    return p;
  };
  const positionByLevel = new Map(
    (await tx.select().from(positions).where(eq(positions.orgId, orgId))).map((p) => [p.level, p.id]),
  );
  let seeded = 0;

  const insertAction = async (values: typeof employmentActions.$inferInsert) => {
    const [row] = await tx.insert(employmentActions).values(values).returning();
    seeded += 1;
    return row;
  };
  const approval = (actionId: string, step: number, role: string, decision: string, by: string, at: Date) =>
    tx
      .insert(employmentActionApprovals)
      .values({ orgId, actionId, step, role, decision, decidedBy: by, decidedAt: at });
  const at = (day: string, hour = 10) => new Date(`${day}T${String(hour - 8).padStart(2, '0')}:00:00Z`);

  // 1. A promotion 销售代表 → 高级销售代表 that took effect on the first of the month four months ago.
  const s1 = positionByLevel.get('S1');
  const s2 = positionByLevel.get('S2');
  const promotedOn = `${addMonths(today, -4).slice(0, 7)}-01`;
  const promoted = s1 && s2 ? pick((p) => p.positionId === s1 && p.hireDate < addDays(promotedOn, -365)) : undefined;
  if (promoted && s2) {
    const from = { unitId: promoted.unitId, positionId: promoted.positionId, managerId: promoted.managerId };
    const to = { ...from, positionId: s2 };
    const [open] = await tx
      .select()
      .from(jobHistory)
      .where(and(eq(jobHistory.employeeId, promoted.id), isNull(jobHistory.effectiveTo)))
      .orderBy(desc(jobHistory.effectiveFrom))
      .limit(1);
    if (open && open.effectiveFrom < promotedOn) {
      await tx
        .update(jobHistory)
        .set({ effectiveTo: addDays(promotedOn, -1) })
        .where(eq(jobHistory.id, open.id));
      const [row] = await tx
        .insert(jobHistory)
        .values({
          orgId,
          employeeId: promoted.id,
          effectiveFrom: promotedOn,
          ...to,
          reason: '连续两个季度业绩目标达成率超过 120%，晋升为高级销售代表',
          recordedBy: hr.id,
        })
        .returning();
      await tx.update(employees).set({ positionId: s2 }).where(eq(employees.id, promoted.id));
      const created = addDays(promotedOn, -20);
      const action = await insertAction({
        orgId,
        employeeId: promoted.id,
        kind: 'promotion',
        status: 'effective',
        effectiveDate: promotedOn,
        reason: '连续两个季度业绩目标达成率超过 120%，晋升为高级销售代表',
        details: { from, to },
        chain: ['manager', 'hr'],
        currentStep: 1,
        jobHistoryId: row.id,
        appliedAt: at(promotedOn, 9),
        createdBy: manager.id,
        submittedAt: at(created, 11),
        createdAt: at(created),
        updatedAt: at(promotedOn, 9),
        version: 5,
      });
      await approval(action.id, -1, 'manager', 'submitted', manager.id, at(created, 11));
      await approval(action.id, 0, 'manager', 'approved', manager.id, at(addDays(created, 1)));
      await approval(action.id, 1, 'hr', 'approved', hr.id, at(addDays(created, 3)));
    }
  }

  // 2. A transfer to another team of the region, approved by the manager, waiting for HR.
  const transferred = pick(() => true);
  const target = transferred && teams.find((u) => u !== transferred.unitId);
  if (transferred && target) {
    const from = { unitId: transferred.unitId, positionId: transferred.positionId, managerId: transferred.managerId };
    const [leader] = await tx.select({ id: orgUnits.leaderEmployeeId }).from(orgUnits).where(eq(orgUnits.id, target));
    const to = { unitId: target, positionId: transferred.positionId, managerId: leader?.id ?? transferred.managerId };
    const created = addDays(today, -3);
    const action = await insertAction({
      orgId,
      employeeId: transferred.id,
      kind: 'transfer',
      status: 'pending_approval',
      effectiveDate: addDays(today, 14),
      reason: '新团队客户数量增长较快，调入支援重点客户开发',
      details: { from, to },
      chain: ['manager', 'hr'],
      currentStep: 1,
      createdBy: manager.id,
      submittedAt: at(created, 15),
      createdAt: at(created, 14),
      updatedAt: at(addDays(created, 1)),
      version: 3,
    });
    await approval(action.id, -1, 'manager', 'submitted', manager.id, at(created, 15));
    await approval(action.id, 0, 'manager', 'approved', manager.id, at(addDays(created, 1)));
  }

  // 3. A coaching record and a training record on a catalog course.
  const coached = pick(() => true);
  if (coached) {
    const day = addDays(today, -10);
    await insertAction({
      orgId,
      employeeId: coached.id,
      kind: 'coaching',
      status: 'effective',
      effectiveDate: day,
      reason: '上月新增客户拜访量明显下降',
      details: {
        topic: '客户拜访节奏与商机跟进',
        notes: '复盘了近四周的拜访记录，约定每周至少拜访 5 家重点客户，并在 CRM 中当天记录拜访结果。',
        followUp: '两周后复盘拜访量与商机转化',
      },
      appliedAt: at(day, 17),
      createdBy: manager.id,
      createdAt: at(day, 17),
      updatedAt: at(day, 17),
    });
    const [course] = await tx
      .select({ id: trainingCourses.id, title: trainingCourses.title })
      .from(trainingCourses)
      .where(eq(trainingCourses.orgId, orgId))
      .orderBy(asc(trainingCourses.title))
      .limit(1);
    if (course) {
      const trainedOn = addDays(today, -5);
      await insertAction({
        orgId,
        employeeId: coached.id,
        kind: 'training',
        status: 'effective',
        effectiveDate: trainedOn,
        reason: '辅导后安排的配套培训',
        details: { courseId: course.id, title: course.title, completed: true, notes: '已完成课程与课后测验' },
        appliedAt: at(trainedOn, 18),
        createdBy: hr.id,
        createdAt: at(trainedOn, 18),
        updatedAt: at(trainedOn, 18),
      });
    }
  }

  // 4. A draft Art. 40(2) termination for someone in the latest low-performer pool: the chain is not complete.
  const [entry] = await tx
    .select({ id: poolEntries.id, employeeId: poolEntries.employeeId })
    .from(poolEntries)
    .innerJoin(employees, eq(employees.id, poolEntries.employeeId))
    .innerJoin(lowPerformerPools, eq(lowPerformerPools.id, poolEntries.poolId))
    .where(
      and(
        eq(poolEntries.orgId, orgId),
        eq(employees.status, 'regular'),
        sql`${poolEntries.employeeId} not in (${sql.join(
          [...used].map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
      ),
    )
    .orderBy(desc(lowPerformerPools.periodStart), desc(poolEntries.occurrence), asc(employees.employeeNo))
    .limit(1);
  if (entry) {
    await insertAction({
      orgId,
      employeeId: entry.employeeId,
      kind: 'termination',
      status: 'draft',
      effectiveDate: addDays(today, 45),
      reason: '连续多个考核周期业绩未达标，经改进计划后仍不能胜任（草稿，待补全证据链）',
      details: { ground: 'art40_2', noticeMode: 'notice_30_days', monthlyWage: '12000.00', misconduct: null },
      poolEntryId: entry.id,
      createdBy: hr.id,
      createdAt: at(addDays(today, -1), 16),
      updatedAt: at(addDays(today, -1), 16),
    });
  }
  return seeded;
}
