import type { ActivityView } from '@stride/contracts';
import { Descriptions, Drawer, Empty, Grid, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CursorPager } from '../../components/CursorPager';
import { QueryError } from '../../components/QueryError';
import { useCursorPaging } from '../../components/useCursorPaging';
import { formatDate, formatDateTime } from '../../lib/format';
import { useActivityTypeName } from '../activities/queries';
import { describeSpec, tierName } from '../metric-library/describe';
import { formatMetricValue, formatMoney } from './format';
import { type PeriodType, periodBounds, periodLabel } from './periods';
import { type MetricDefinition, useActivities, useMetricDefinitions } from './queries';

export interface DrillTarget {
  metric: MetricDefinition;
  periodStart: string;
  periodType: PeriodType;
  value: string | null;
}

interface FactsDrawerProps {
  /** One person's value, or (unitId) a team's: the facts credited to the unit and its sub-units on their day. */
  employeeId?: string;
  unitId?: string;
  target: DrillTarget | null;
  onClose: () => void;
}

/** "Facts behind this number": the activities that make up one metric value for one period. */
export function FactsDrawer({ employeeId, unitId, target, onClose }: FactsDrawerProps) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const typeName = useActivityTypeName();
  const library = useMetricDefinitions();
  const [limit, setLimit] = useState(20);
  const bounds = target ? periodBounds(target.periodStart, target.periodType) : null;
  const resetKey = JSON.stringify({ employeeId, unitId, metric: target?.metric.key, bounds, limit });
  const paging = useCursorPaging(resetKey);
  const { data, isFetching, error, refetch } = useActivities(
    {
      employeeId,
      unitId,
      metric: target?.metric.key,
      from: bounds?.from,
      to: bounds?.to,
      cursor: paging.cursor,
      limit,
    },
    Boolean(target),
  );

  const columns: TableColumnsType<ActivityView> = useMemo(
    () => [
      {
        title: t('facts.time'),
        dataIndex: 'occurredAt',
        width: 170,
        render: (v: string) => formatDateTime(v),
      },
      ...(unitId
        ? [
            {
              title: t('facts.person'),
              key: 'person',
              width: 120,
              render: (_: unknown, row: ActivityView) => row.employee?.name ?? '—',
            },
          ]
        : []),
      {
        title: t('facts.type'),
        dataIndex: 'type',
        width: 110,
        render: (v: string) => <Tag color="blue">{typeName(v)}</Tag>,
      },
      {
        title: t('facts.customer'),
        key: 'customer',
        render: (_, row) =>
          row.customer.name || row.customer.externalId ? (
            <div>
              <Typography.Text>{row.customer.name ?? row.customer.externalId}</Typography.Text>
              {row.customer.tier ? (
                <Tag style={{ marginInlineStart: 6 }} color="gold">
                  {tierName(row.customer.tier, t)}
                </Tag>
              ) : null}
            </div>
          ) : (
            '—'
          ),
      },
      {
        title: t('facts.amount'),
        key: 'amount',
        align: 'right',
        width: 150,
        render: (_, row) =>
          row.amount !== null ? (
            <span data-testid="fact-amount">{formatMoney(row.amount, row.currency)}</span>
          ) : row.quantity !== null ? (
            `× ${row.quantity}`
          ) : (
            '—'
          ),
      },
      { title: t('facts.source'), dataIndex: 'source', width: 110, render: (v: string) => <Tag>{v}</Tag> },
      {
        title: t('facts.externalId'),
        dataIndex: 'externalId',
        width: 160,
        render: (v: string, row) => (
          <span>
            <Typography.Text className="stride-mono" copyable={{ text: v }} style={{ fontSize: 12 }}>
              {v}
            </Typography.Text>
            {row.isVoided ? (
              <Tag color="red" style={{ marginInlineStart: 6 }} data-testid="fact-voided">
                {t('facts.voided')}
              </Tag>
            ) : null}
          </span>
        ),
      },
    ],
    [t, typeName, unitId],
  );

  const metricName = (key: string) => library.data?.find((m) => m.key === key)?.name ?? key;
  // A custom metric is described from its definition; a built-in one by what the library says it counts.
  const definition = target?.metric.spec
    ? describeSpec(target.metric.spec, { t, typeName, metricName })
    : (target?.metric.description ?? null);

  return (
    <Drawer
      open={Boolean(target)}
      onClose={onClose}
      size={screens.md === false ? '100%' : 920}
      title={t('facts.title')}
      destroyOnHidden
      data-testid="facts-drawer"
    >
      {target && bounds ? (
        <>
          <Descriptions size="small" column={{ xs: 1, sm: 3 }} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('facts.metric')}>{target.metric.name}</Descriptions.Item>
            <Descriptions.Item label={t('facts.period')}>
              {periodLabel(target.periodStart, target.periodType)}
              <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
                ({formatDate(bounds.from)} – {formatDate(bounds.to)})
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('facts.value')}>
              <Typography.Text strong data-testid="facts-value">
                {formatMetricValue(target.value ?? '0', target.metric.unit)}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {definition ? `${t('facts.definition', { definition })} ` : null}
            {t('facts.hint', {
              types: target.metric.activityTypes.map(typeName).join(', '),
            })}
            {unitId ? ` ${t('facts.unitHint')}` : null}
          </Typography.Paragraph>
          {error && !data ? (
            <QueryError error={error} onRetry={() => void refetch()} />
          ) : (
            <>
              <Table<ActivityView>
                rowKey={(r) => `${r.source}|${r.externalId}`}
                size="small"
                columns={columns}
                dataSource={data?.items ?? []}
                loading={isFetching}
                pagination={false}
                scroll={{ x: 860 }}
                rowClassName={(r) => (r.isVoided ? 'stride-voided' : '')}
                onRow={() => ({ 'data-testid': 'fact-row' }) as React.HTMLAttributes<HTMLElement>}
                data-testid="facts-table"
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('facts.empty')} /> }}
              />
              <CursorPager
                total={data?.total}
                page={paging.page}
                pageSize={limit}
                hasPrevious={paging.hasPrevious}
                hasNext={Boolean(data?.nextCursor)}
                loading={isFetching}
                onPrevious={paging.previous}
                onNext={() => paging.next(data?.nextCursor)}
                onPageSizeChange={setLimit}
              />
            </>
          )}
        </>
      ) : null}
    </Drawer>
  );
}
