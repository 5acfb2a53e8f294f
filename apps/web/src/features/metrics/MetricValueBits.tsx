/** Small pieces of the person's metrics view: the change against the previous period, and where a value came from. */
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Tag, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatPercent, type MetricUnit } from './format';
import type { MetricPoint } from './queries';

interface ChangeProps {
  current: string | null;
  previous: string | null;
  unit: MetricUnit;
}

export function Change({ current, previous, unit }: ChangeProps) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const cur = current === null ? null : Number(current);
  const prev = previous === null ? null : Number(previous);
  if (cur === null || prev === null) {
    return <Typography.Text type="secondary">{t('metrics.noPrevious')}</Typography.Text>;
  }
  const diff = cur - prev;
  if (diff === 0) return <Typography.Text type="secondary">{t('metrics.unchanged')}</Typography.Text>;
  const up = diff > 0;
  const color = up ? token.colorSuccess : token.colorError;
  let text: string;
  if (unit === 'ratio') text = t('metrics.points', { value: (Math.abs(diff) * 100).toFixed(1) });
  else if (prev === 0) text = t('metrics.fromZero');
  else text = formatPercent(Math.abs(diff) / Math.abs(prev));
  return (
    <Typography.Text style={{ color }}>
      {up ? <ArrowUpOutlined /> : <ArrowDownOutlined />} {text}
    </Typography.Text>
  );
}

/** Values that did not come from activities say where they came from. */
export function SourceTag({ source, testId }: { source: MetricPoint['source'] | undefined; testId: string }) {
  const { t } = useTranslation();
  if (source !== 'manual' && source !== 'imported') return null;
  return (
    <Tag
      color={source === 'manual' ? 'orange' : 'purple'}
      bordered={false}
      style={{ marginInlineEnd: 0, marginInlineStart: 4, fontSize: 11, lineHeight: '16px', paddingInline: 4 }}
      data-testid={testId}
    >
      {t(`metricLib.sources.${source}`)}
    </Tag>
  );
}
