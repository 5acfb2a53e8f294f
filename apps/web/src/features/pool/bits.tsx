import type { PoolPeriodType, PoolReason, SuggestedStep } from '@stride/contracts';
import { Flex, Tag, Tooltip, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { periodLabel } from '../metrics/periods';
import type { PoolEntry } from './queries';

const severityColor: Record<string, string> = { high: 'red', medium: 'orange', low: 'default' };
export const stepColor: Record<SuggestedStep, string> = {
  coaching_training: 'blue',
  improvement_plan: 'gold',
  transfer_or_exit_review: 'volcano',
};

function ReasonTag({ reason }: { reason: PoolReason }) {
  const { t } = useTranslation();
  switch (reason.kind) {
    case 'alert':
      return (
        <Tooltip
          title={
            <>
              {t('pool.reasons.alertTip', {
                severity: t(`pool.severity.${reason.severity}`),
                status: t(`pool.alertStatus.${reason.status}`, { defaultValue: reason.status }),
              })}
              {reason.rankBased ? <div>{t('pool.reasons.rankBased')}</div> : null}
            </>
          }
        >
          <Tag color={severityColor[reason.severity]} data-testid="pool-reason" data-kind="alert">
            {t('pool.reasons.alert', { rule: reason.ruleName })}
          </Tag>
        </Tooltip>
      );
    case 'grade':
      return (
        <Tooltip title={t('pool.reasons.gradeTip', { cycle: reason.cycleName, total: reason.total ?? '—' })}>
          <Tag color="purple" data-testid="pool-reason" data-kind="grade">
            {t('pool.reasons.grade', { grade: reason.grade })}
          </Tag>
        </Tooltip>
      );
    case 'attainment':
      return (
        <Tooltip
          title={t('pool.reasons.attainmentTip', {
            actual: reason.actual,
            target: reason.target,
            threshold: reason.thresholdPct,
          })}
        >
          <Tag color="magenta" data-testid="pool-reason" data-kind="attainment">
            {t('pool.reasons.attainment', { pct: reason.attainmentPct })}
          </Tag>
        </Tooltip>
      );
  }
}

export function ReasonTags({ reasons }: { reasons: PoolReason[] }) {
  return (
    <Flex gap={4} wrap>
      {reasons.map((r) => (
        <ReasonTag key={r.kind === 'alert' ? r.alertId : r.kind} reason={r} />
      ))}
    </Flex>
  );
}

/** Why Stride suggests this step: the rule that applied, with the periods it looked at. */
export function suggestionText(t: TFunction, entry: PoolEntry, type: PoolPeriodType): string {
  const r = entry.suggestionReason;
  const p = (s: string) => periodLabel(s, type);
  switch (r.rule) {
    case 'first_time':
      return t('pool.rules.first_time');
    case 'repeated':
      return t('pool.rules.repeated', { periods: r.earlierPools.map(p).join(t('pool.listSeparator')) });
    case 'plan_in_progress':
    case 'failed_plan':
      return t(`pool.rules.${r.rule}`, {
        plan: r.plan ? p(r.plan.periodStart) : '—',
        n: r.plan?.planPeriods ?? 0,
        judged: r.plan ? p(r.plan.judgedFrom) : '—',
      });
  }
}

export function SuggestionTag({ entry, type }: { entry: PoolEntry; type: PoolPeriodType }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={suggestionText(t, entry, type)}>
      <Tag color={stepColor[entry.suggestedStep]} data-testid="pool-suggestion" data-step={entry.suggestedStep}>
        {t(`pool.steps.${entry.suggestedStep}`)}
      </Tag>
    </Tooltip>
  );
}

/** The optimization-list check in words: why listed, or why not. */
export function optimizationText(t: TFunction, entry: PoolEntry, type: PoolPeriodType): string {
  const r = entry.optimizationReason;
  if (!r) return '';
  const parts: string[] = [];
  if (r.outcome === 'listed') parts.push(t('pool.optimization.listedWhy', { run: r.unsatisfactoryRun }));
  else if (r.outcome === 'too_few_unsatisfactory')
    parts.push(t('pool.optimization.too_few_unsatisfactory', { run: r.unsatisfactoryRun, n: r.consecutivePeriods }));
  else parts.push(t(`pool.optimization.${r.outcome}`));
  const i = r.improvement;
  if (i?.basis === 'attainment')
    parts.push(t('pool.optimization.gain', { from: i.fromPct, to: i.toPct, gain: i.gainPts, required: i.requiredPts }));
  if (i?.basis === 'grade') parts.push(t('pool.optimization.grade', { from: i.fromGrade, to: i.toGrade }));
  if (i) parts.push(`(${periodLabel(i.fromPeriod, type)} → ${periodLabel(i.toPeriod, type)})`);
  return parts.join(' ');
}

export function OptimizationFlag({ entry, type }: { entry: PoolEntry; type: PoolPeriodType }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={optimizationText(t, entry, type)}>
      {entry.onOptimizationList ? (
        <Tag color="red" data-testid="pool-optimization-flag">
          {t('pool.optimization.listed')}
        </Tag>
      ) : (
        <Typography.Text type="secondary" data-testid="pool-optimization-none">
          {t('pool.optimization.notListed')}
        </Typography.Text>
      )}
    </Tooltip>
  );
}
