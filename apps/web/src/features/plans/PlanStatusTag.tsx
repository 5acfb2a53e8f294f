import type { PlanStatus } from '@stride/contracts';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const colors: Record<PlanStatus, string> = {
  draft: 'default',
  active: 'processing',
  midpoint_evaluated: 'blue',
  final_evaluated: 'purple',
  passed: 'green',
  failed: 'red',
  cancelled: 'default',
};

export function PlanStatusTag({ status }: { status: PlanStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={colors[status]} data-testid="plan-status" style={{ marginInlineEnd: 0 }}>
      {t(`plans.statuses.${status}`)}
    </Tag>
  );
}
