import type { AlertPeriodType, AlertRuleKind, AlertSeverity, AlertStatus } from '@stride/contracts';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

export const severityColors: Record<AlertSeverity, string> = { high: 'red', medium: 'orange', low: 'gold' };
export const severityOrder: AlertSeverity[] = ['high', 'medium', 'low'];

export const statusColors: Record<AlertStatus, string> = {
  open: 'red',
  acknowledged: 'orange',
  action_linked: 'blue',
  resolved: 'green',
  auto_resolved: 'cyan',
};

/** Which periods a rule kind judges: weekly change detection, daily inactivity, months or quarters otherwise. */
export function periodTypesFor(kind: AlertRuleKind): AlertPeriodType[] {
  if (kind === 'activity_drop') return ['week'];
  if (kind === 'no_activity') return ['day'];
  return ['month', 'quarter'];
}

export function isLiveStatus(status: AlertStatus): boolean {
  return status === 'open' || status === 'acknowledged' || status === 'action_linked';
}

export function SeverityTag({ severity }: { severity: AlertSeverity }) {
  const { t } = useTranslation();
  return (
    <Tag color={severityColors[severity] ?? 'default'} data-testid="alert-severity" style={{ marginInlineEnd: 0 }}>
      {t(`alerts.severities.${severity}`, { defaultValue: severity })}
    </Tag>
  );
}

export function AlertStatusTag({ status }: { status: AlertStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColors[status] ?? 'default'} data-testid="alert-status" style={{ marginInlineEnd: 0 }}>
      {t(`alerts.statuses.${status}`, { defaultValue: status })}
    </Tag>
  );
}

/** Confidence 0–1 as a whole percentage. */
export function formatConfidence(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${Math.round(value * 100)}%`;
}
