import type { MetricView } from '@stride/contracts';
import { Card, Descriptions, Drawer, Empty, Flex, Grid, Skeleton, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../components/QueryError';
import { currentLanguage } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useActivityTypeName } from '../activities/queries';
import { describeSpec } from './describe';
import { useMetricVersions } from './queries';

interface MetricHistoryDrawerProps {
  metric: MetricView | null;
  catalog: MetricView[];
  onClose: () => void;
}

/** Every saved version of a custom metric, newest first, each definition said in words. */
export function MetricHistoryDrawer({ metric, catalog, onClose }: MetricHistoryDrawerProps) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const versions = useMetricVersions(metric?.key ?? null);
  const typeName = useActivityTypeName();
  const names = useMemo(() => new Map(catalog.map((m) => [m.key, m.name])), [catalog]);
  const lang = currentLanguage();

  return (
    <Drawer
      open={Boolean(metric)}
      onClose={onClose}
      size={screens.md === false ? '100%' : 560}
      title={metric ? t('metricLib.history.title', { name: metric.name }) : null}
      destroyOnHidden
      data-testid="metric-history"
    >
      {versions.error ? (
        <QueryError error={versions.error} onRetry={() => void versions.refetch()} />
      ) : versions.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : versions.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('metricLib.history.empty')} />
      ) : (
        <Flex vertical gap={12}>
          {versions.data.map((v, i) => (
            <Card
              key={v.version}
              size="small"
              data-testid="metric-version"
              data-version={v.version}
              title={
                <Flex gap={8} align="center">
                  <span>{t('metricLib.history.version', { version: v.version })}</span>
                  {/* An inactive version is the mark an archive leaves; the newest active one is in use. */}
                  {!v.active ? (
                    <Tag>{t('metricLib.history.archived')}</Tag>
                  ) : i === 0 ? (
                    <Tag color="green">{t('metricLib.history.current')}</Tag>
                  ) : null}
                </Flex>
              }
              extra={
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(v.createdAt)}
                  {v.createdBy ? ` · ${v.createdBy}` : ''}
                </Typography.Text>
              }
            >
              <Typography.Paragraph strong style={{ marginBottom: 8 }} data-testid="metric-version-summary">
                {describeSpec(v.spec, { t, typeName, metricName: (k) => names.get(k) ?? k })}
              </Typography.Paragraph>
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('metricLib.fields.name')}>
                  <span data-testid="metric-version-name">{v.names[lang]}</span>
                  <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                    {v.names[lang === 'zh-CN' ? 'en-US' : 'zh-CN']}
                  </Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('metricLib.fields.unit')}>
                  {t(`metricLib.units.${v.unit}`)}
                </Descriptions.Item>
                {v.description ? (
                  <Descriptions.Item label={t('metricLib.fields.description')}>{v.description}</Descriptions.Item>
                ) : null}
              </Descriptions>
            </Card>
          ))}
        </Flex>
      )}
    </Drawer>
  );
}
