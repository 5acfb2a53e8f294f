import { Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatMetricValue, type MetricUnit } from '../metrics/format';

/** Under a metric value: its attainment against the person's agreed target, where there is one. */
export function TargetNote({
  point,
  unit,
}: {
  point: { target: string | null; attainment: string | null } | undefined;
  unit: MetricUnit;
}) {
  const { t } = useTranslation();
  if (!point?.target) return null;
  const pct = point.attainment === null ? '—' : `${(Number(point.attainment) * 100).toFixed(1)}%`;
  return (
    <Tooltip title={`${t('targets.value')} ${formatMetricValue(point.target, unit)}`}>
      <Typography.Text
        type={point.attainment !== null && Number(point.attainment) >= 1 ? 'success' : 'secondary'}
        style={{ display: 'block', fontSize: 11 }}
        data-testid="metric-attainment"
      >
        {t('targets.attainment')} {pct}
      </Typography.Text>
    </Tooltip>
  );
}
