import {
  EditOutlined,
  FormOutlined,
  HistoryOutlined,
  InboxOutlined,
  PlusOutlined,
  SearchOutlined,
} from '@ant-design/icons';
import type { MetricView } from '@stride/contracts';
import {
  App,
  Button,
  Card,
  Empty,
  Flex,
  Input,
  Popconfirm,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { formatDateTime } from '../../lib/format';
import { ActivityTypesPanel } from '../activities/ActivityTypesPanel';
import { useActivityTypeName } from '../activities/queries';
import { useCurrentUser } from '../auth/queries';
import { ManualValueModal } from '../metrics/ManualValueModal';
import { useMetricDefinitions } from '../metrics/queries';
import { describeSpec } from './describe';
import { MetricBuilderDrawer } from './MetricBuilderDrawer';
import { MetricHistoryDrawer } from './MetricHistoryDrawer';
import { useArchiveMetric } from './queries';

const kindColors: Record<MetricView['kind'], string> = {
  builtin: 'default',
  aggregate: 'blue',
  ratio: 'cyan',
  growth: 'geekblue',
  manual: 'orange',
};

function MetricsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const toastError = useApiErrorToast();
  const library = useMetricDefinitions();
  const archive = useArchiveMetric();
  const typeName = useActivityTypeName();
  const [search, setSearch] = useState('');
  // The key (not the object) is kept, so the drawer follows the catalog when a newer version arrives.
  const [editing, setEditing] = useState<{ key: string | null; snapshot: MetricView | null } | null>(null);
  const [historyKey, setHistoryKey] = useState<string | null>(null);
  const [entering, setEntering] = useState<string | null>(null);

  const catalog = library.data ?? [];
  const names = useMemo(() => new Map(catalog.map((m) => [m.key, m.name])), [catalog]);
  const find = (key: string | null) => (key ? (catalog.find((m) => m.key === key) ?? null) : null);
  const editingMetric = editing?.key ? (find(editing.key) ?? editing.snapshot) : null;

  const rows = useMemo(() => {
    const term = search.trim().toLowerCase();
    if (!term) return catalog;
    return catalog.filter(
      (m) =>
        m.key.includes(term) ||
        m.name.toLowerCase().includes(term) ||
        Object.values(m.names).some((n) => n.toLowerCase().includes(term)),
    );
  }, [catalog, search]);

  const columns: TableColumnsType<MetricView> = [
    {
      title: t('metricLib.fields.name'),
      key: 'name',
      width: 220,
      sorter: (a, b) => a.name.localeCompare(b.name),
      render: (_, m) => (
        <div>
          <Typography.Text strong data-testid="metric-name">
            {m.name}
          </Typography.Text>
          {m.description ? (
            <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, tooltip: m.description }} style={{ margin: 0 }}>
              {m.description}
            </Typography.Paragraph>
          ) : null}
        </div>
      ),
    },
    {
      title: t('metricLib.fields.key'),
      dataIndex: 'key',
      width: 150,
      render: (v: string) => <span className="stride-mono">{v}</span>,
    },
    {
      title: t('metricLib.fields.kind'),
      dataIndex: 'kind',
      width: 110,
      filters: (['builtin', 'aggregate', 'ratio', 'growth', 'manual'] as const).map((k) => ({
        text: t(`metricLib.kinds.${k}`),
        value: k,
      })),
      onFilter: (value, m) => m.kind === value,
      render: (k: MetricView['kind']) => (
        <Tag color={kindColors[k]} data-testid="metric-kind">
          {t(`metricLib.kinds.${k}`)}
        </Tag>
      ),
    },
    {
      title: t('metricLib.fields.definition'),
      key: 'definition',
      width: 280,
      render: (_, m) =>
        m.spec ? (
          <Typography.Text data-testid="metric-definition">
            {describeSpec(m.spec, { t, typeName, metricName: (k) => names.get(k) ?? k })}
          </Typography.Text>
        ) : (
          <Flex gap={4} wrap>
            {m.activityTypes.map((a) => (
              <Tag key={a} bordered={false} color="blue">
                {typeName(a)}
              </Tag>
            ))}
          </Flex>
        ),
    },
    {
      title: t('metricLib.fields.unit'),
      dataIndex: 'unit',
      width: 100,
      render: (u: MetricView['unit']) => t(`metricLib.units.${u}`),
    },
    {
      title: t('metricLib.fields.version'),
      dataIndex: 'version',
      width: 70,
      align: 'center',
      render: (v: number | null, m) => (v === null ? '—' : <span data-testid={`metric-version-${m.key}`}>{v}</span>),
    },
    {
      title: t('metricLib.fields.updated'),
      key: 'updated',
      width: 180,
      render: (_, m) =>
        m.updatedAt ? (
          <div style={{ fontSize: 12 }}>
            <div>{formatDateTime(m.updatedAt)}</div>
            {m.updatedBy ? <Typography.Text type="secondary">{m.updatedBy}</Typography.Text> : null}
          </div>
        ) : (
          '—'
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 200,
      fixed: 'right',
      render: (_, m) =>
        m.builtin ? (
          <Tooltip title={t('metricLib.builtinHint')}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('metricLib.readOnly')}
            </Typography.Text>
          </Tooltip>
        ) : (
          <Flex gap={2} wrap>
            {m.kind === 'manual' ? (
              <Button
                type="link"
                size="small"
                icon={<FormOutlined />}
                onClick={() => setEntering(m.key)}
                data-testid="metric-enter-value"
              >
                {t('metricLib.manual.enter')}
              </Button>
            ) : null}
            <Button
              type="link"
              size="small"
              icon={<EditOutlined />}
              onClick={() => setEditing({ key: m.key, snapshot: m })}
              data-testid="metric-edit"
            >
              {t('common.edit')}
            </Button>
            <Button
              type="link"
              size="small"
              icon={<HistoryOutlined />}
              onClick={() => setHistoryKey(m.key)}
              data-testid="metric-history-open"
            >
              {t('metricLib.history.open')}
            </Button>
            <Popconfirm
              title={t('metricLib.archiveConfirm', { name: m.name })}
              description={t('metricLib.archiveHint')}
              okText={t('metricLib.archive')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true, loading: archive.isPending }}
              onConfirm={() =>
                archive.mutateAsync(m.key).then(
                  () => void message.success(t('metricLib.archived', { name: m.name })),
                  (err: unknown) => toastError(err),
                )
              }
            >
              <Button type="link" size="small" danger icon={<InboxOutlined />} data-testid="metric-archive">
                {t('metricLib.archive')}
              </Button>
            </Popconfirm>
          </Flex>
        ),
    },
  ];

  if (library.error) return <QueryError error={library.error} onRetry={() => void library.refetch()} />;

  return (
    <>
      <Flex justify="space-between" align="center" gap={12} wrap style={{ marginBottom: 16 }}>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('metricLib.searchPlaceholder')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ maxWidth: 320 }}
          data-testid="metric-search"
        />
        <Flex gap={8} wrap>
          {catalog.some((m) => m.kind === 'manual') ? (
            <Button icon={<FormOutlined />} onClick={() => setEntering('')} data-testid="metric-enter-any">
              {t('metricLib.manual.enter')}
            </Button>
          ) : null}
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({ key: null, snapshot: null })}
            data-testid="metric-new"
          >
            {t('metricLib.new')}
          </Button>
        </Flex>
      </Flex>
      <Table<MetricView>
        rowKey="key"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={library.isPending || library.isFetching}
        scroll={{ x: 1300 }}
        pagination={rows.length > 30 ? { pageSize: 30, showSizeChanger: false } : false}
        onRow={(m) => ({ 'data-testid': `metric-row-${m.key}` }) as React.HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('metricLib.empty')} /> }}
        data-testid="metrics-library-table"
      />
      <MetricBuilderDrawer
        open={editing !== null}
        metric={editingMetric}
        catalog={catalog}
        onClose={() => setEditing(null)}
      />
      <MetricHistoryDrawer metric={find(historyKey)} catalog={catalog} onClose={() => setHistoryKey(null)} />
      <ManualValueModal open={entering !== null} metricKey={entering || null} onClose={() => setEntering(null)} />
    </>
  );
}

/** The metric library: built-in and custom metrics, and (second tab) the activity types they count. */
export function MetricLibraryPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'activity-types' ? 'activity-types' : 'metrics';

  return (
    <>
      <PageHeader title={t('metricLib.title')} subtitle={t('metricLib.subtitle')} />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => {
            const next = new URLSearchParams(params);
            if (key === 'activity-types') next.set('tab', key);
            else next.delete('tab');
            setParams(next, { replace: true });
          }}
          items={[
            {
              key: 'metrics',
              label: <span data-testid="tab-metric-list">{t('metricLib.tabMetrics')}</span>,
              children: <MetricsTab />,
            },
            {
              key: 'activity-types',
              label: <span data-testid="tab-activity-types">{t('metricLib.tabActivityTypes')}</span>,
              children: <ActivityTypesPanel canManage={me.user.role === 'admin'} />,
            },
          ]}
        />
      </Card>
    </>
  );
}
