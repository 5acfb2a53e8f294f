import type { ProbationReviewStatus } from '@stride/contracts';
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

const colors: Record<ProbationReviewStatus, string> = { open: 'gold', passed: 'green', failed: 'red' };

export function ReviewStatusTag({ status }: { status: ProbationReviewStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={colors[status]} data-testid="probation-status" style={{ marginInlineEnd: 0 }}>
      {t(`probation.statuses.${status}`)}
    </Tag>
  );
}

/** Days to the probation end: urgent within a week, "ended" once it has passed. */
export function DaysLeft({ days }: { days: number }) {
  const { t } = useTranslation();
  if (days < 0)
    return (
      <Typography.Text type="danger" data-testid="probation-days-left">
        {t('probation.endedDays', { count: -days })}
      </Typography.Text>
    );
  if (days === 0)
    return (
      <Typography.Text type="danger" strong data-testid="probation-days-left">
        {t('probation.lastDay')}
      </Typography.Text>
    );
  return (
    <Typography.Text type={days <= 7 ? 'warning' : undefined} data-testid="probation-days-left">
      {t('probation.daysLeft', { count: days })}
    </Typography.Text>
  );
}
