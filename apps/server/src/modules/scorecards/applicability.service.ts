import type { ApplicableTemplate, PerformanceSettings, TenureStage } from '@stride/contracts';
import { addMonths } from '@stride/domain';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { performanceSettings, positions } from '../../db/schema';
import type { Deps } from '../../lib/deps';
import { type AuditActor, appendAudit } from '../audit/audit.service';
import { findTemplateFor, presentTemplate } from './templates.service';

export const DEFAULT_EARLY_STAGE_MONTHS = 6;
export const DEFAULT_PROBATION_REVIEW_LEAD_DAYS = 30;

export async function getPerformanceSettings(db: DbOrTx, orgId: string): Promise<PerformanceSettings> {
  const [row] = await db.select().from(performanceSettings).where(eq(performanceSettings.orgId, orgId));
  return {
    earlyStageMonths: row?.earlyStageMonths ?? DEFAULT_EARLY_STAGE_MONTHS,
    probationReviewLeadDays: row?.probationReviewLeadDays ?? DEFAULT_PROBATION_REVIEW_LEAD_DAYS,
    updatedAt: row ? row.updatedAt.toISOString() : null,
  };
}

export async function updatePerformanceSettings(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: AuditActor,
  earlyStageMonths: number,
  /** Left out: unchanged. */
  leadDays?: number,
): Promise<PerformanceSettings> {
  return deps.db.transaction(async (tx) => {
    const before = await getPerformanceSettings(tx, actor.orgId);
    const probationReviewLeadDays = leadDays ?? before.probationReviewLeadDays;
    const now = deps.clock();
    await tx
      .insert(performanceSettings)
      .values({ orgId: actor.orgId, earlyStageMonths, probationReviewLeadDays, updatedAt: now })
      .onConflictDoUpdate({
        target: performanceSettings.orgId,
        set: { earlyStageMonths, probationReviewLeadDays, updatedAt: now },
      });
    await appendAudit(
      tx,
      actor,
      {
        action: 'performance_settings.changed',
        entityType: 'performance_settings',
        entityId: actor.orgId,
        before: { earlyStageMonths: before.earlyStageMonths, probationReviewLeadDays: before.probationReviewLeadDays },
        after: { earlyStageMonths, probationReviewLeadDays },
      },
      now,
    );
    return { earlyStageMonths, probationReviewLeadDays, updatedAt: now.toISOString() };
  });
}

/** Whole months from `from` to `to` (dates), counting a month once its day is reached. */
function wholeMonths(from: string, to: string): number {
  let months = 0;
  while (addMonths(from, months + 1) <= to) months++;
  return months;
}

interface StagePerson {
  status: string;
  hireDate: string;
  regularizationDate: string | null;
}

/**
 * The tenure stage of a person today: probation while their status is probation; then "early" until
 * earlyStageMonths after regularization (or the hire date for someone hired without probation), then
 * tenured.
 */
export function stageOf(person: StagePerson, today: string, earlyStageMonths: number) {
  if (person.status === 'probation' || person.status === 'candidate') {
    return {
      stage: 'probation' as TenureStage,
      reason: { code: 'PROBATION' as const, since: null, monthsSince: null },
    };
  }
  const since = person.regularizationDate ?? person.hireDate;
  const isEarly = today < addMonths(since, earlyStageMonths);
  const monthsSince = since <= today ? wholeMonths(since, today) : 0;
  return isEarly
    ? { stage: 'early' as TenureStage, reason: { code: 'EARLY' as const, since, monthsSince } }
    : { stage: 'tenured' as TenureStage, reason: { code: 'TENURED' as const, since, monthsSince } };
}

export async function applicableTemplateFor(
  db: DbOrTx,
  orgId: string,
  person: StagePerson & { id: string; name: string; positionId: string | null },
  today: string,
): Promise<ApplicableTemplate> {
  const { earlyStageMonths } = await getPerformanceSettings(db, orgId);
  const { stage, reason } = stageOf(person, today, earlyStageMonths);
  const row = await findTemplateFor(db, orgId, person.positionId, stage);
  const [position] = person.positionId
    ? await db
        .select({ id: positions.id, name: positions.name })
        .from(positions)
        .where(eq(positions.id, person.positionId))
    : [];
  return {
    employee: { id: person.id, name: person.name, position: position ?? null },
    stage,
    reason: { ...reason, earlyStageMonths },
    template: row ? await presentTemplate(db, row) : null,
  };
}
