import type { EmployeeStatus } from '@stride/contracts';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

export const statusColors: Record<EmployeeStatus, string> = {
  candidate: 'purple',
  probation: 'gold',
  regular: 'green',
  on_plan: 'volcano',
  transferred: 'blue',
  exited: 'default',
};

export function StatusTag({ status }: { status: EmployeeStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColors[status]} data-testid="status-tag" style={{ marginInlineEnd: 0 }}>
      {t(`status.${status}`)}
    </Tag>
  );
}
