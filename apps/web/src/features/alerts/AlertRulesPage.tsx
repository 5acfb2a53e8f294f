import { DeleteOutlined, EditOutlined, PlusOutlined, RollbackOutlined } from '@ant-design/icons';
import type { AlertRule } from '@stride/contracts';
import { App, Button, Empty, Popconfirm, Space, Switch, Table, type TableColumnsType, Typography } from 'antd';
import { type HTMLAttributes, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, isApiError } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { formatDateTime } from '../../lib/format';
import { useMetricDefinitions } from '../metrics/queries';
import { SeverityTag } from './bits';
import { ruleToInput, useAlertRules, useDeleteAlertRule, useUpdateAlertRule } from './queries';
import { RuleEditorDrawer } from './RuleEditorDrawer';

/** 预警规则: the organization's rules with their switches, open alerts, editor and back-test. */
export function AlertRulesPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const toastError = useApiErrorToast();
  const rules = useAlertRules();
  const metrics = useMetricDefinitions();
  const update = useUpdateAlertRule();
  const remove = useDeleteAlertRule();
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState<{ id: string | null } | null>(null);
  const [switching, setSwitching] = useState<string | null>(null);
  const [restoring, setRestoring] = useState(false);

  // ?edit=<id> (from an alert's page) opens that rule.
  const editParam = params.get('edit');
  useEffect(() => {
    if (!editParam || !rules.data) return;
    if (rules.data.some((r) => r.id === editParam)) setEditing({ id: editParam });
    setParams({}, { replace: true });
  }, [editParam, rules.data, setParams]);

  const metricNames = useMemo(() => new Map((metrics.data ?? []).map((m) => [m.key, m.name])), [metrics.data]);
  const current = editing?.id ? (rules.data?.find((r) => r.id === editing.id) ?? null) : null;

  const setEnabled = async (rule: AlertRule, enabled: boolean) => {
    setSwitching(rule.id);
    try {
      await update.mutateAsync({ id: rule.id, rule: { ...ruleToInput(rule), enabled }, version: rule.version });
      void message.success(enabled ? t('alerts.rules.enabledOn') : t('alerts.rules.enabledOff'));
    } catch (err) {
      if (isApiError(err) && err.status === 409) void rules.refetch();
      toastError(err);
    } finally {
      setSwitching(null);
    }
  };

  const onDelete = async (rule: AlertRule) => {
    try {
      await remove.mutateAsync(rule.id);
      void message.success(t('alerts.rules.deleted'));
    } catch (err) {
      if (isApiError(err) && err.code === 'ALERT_RULE_IN_USE') {
        modal.confirm({
          title: t('alerts.rules.inUseTitle'),
          content: t('alerts.rules.inUseBody', { name: rule.name }),
          okText: rule.enabled ? t('alerts.rules.disableInstead') : t('common.close'),
          cancelText: t('common.cancel'),
          onOk: rule.enabled ? () => setEnabled(rule, false) : undefined,
        });
        return;
      }
      toastError(err);
    }
  };

  const restore = async () => {
    setRestoring(true);
    try {
      const r = await api<{ added: number }>('/alert-rules/builtins', { method: 'POST', body: {} });
      void message.success(t('alerts.rules.restored', { count: r.added }));
      void rules.refetch();
    } catch (err) {
      toastError(err);
    } finally {
      setRestoring(false);
    }
  };

  const columns: TableColumnsType<AlertRule> = [
    {
      title: t('alerts.rules.name'),
      key: 'name',
      render: (_, r) => (
        <Button type="link" style={{ padding: 0 }} onClick={() => setEditing({ id: r.id })} data-testid="rule-open">
          {r.name}
        </Button>
      ),
    },
    {
      title: t('alerts.rules.kind'),
      key: 'kind',
      render: (_, r) => t(`alerts.kinds.${r.kind}`, { defaultValue: r.kind }),
    },
    {
      title: t('alerts.rules.metric'),
      key: 'metric',
      render: (_, r) => (r.metricKey ? (metricNames.get(r.metricKey) ?? r.metricKey) : '—'),
    },
    {
      title: t('alerts.rules.periodType'),
      key: 'periodType',
      render: (_, r) => t(`alerts.periodTypes.${r.periodType}`, { defaultValue: r.periodType }),
    },
    { title: t('alerts.columns.severity'), key: 'severity', render: (_, r) => <SeverityTag severity={r.severity} /> },
    {
      title: t('alerts.rules.enabled'),
      key: 'enabled',
      render: (_, r) => (
        <Switch
          checked={r.enabled}
          loading={switching === r.id}
          onChange={(v) => void setEnabled(r, v)}
          data-testid="rule-enabled-switch"
        />
      ),
    },
    {
      title: t('alerts.rules.openAlerts'),
      key: 'openAlerts',
      align: 'right',
      render: (_, r) =>
        r.openAlerts > 0 ? (
          <Link to={`/alerts?ruleId=${r.id}`} data-testid="rule-open-alerts">
            {r.openAlerts}
          </Link>
        ) : (
          <Typography.Text type="secondary">0</Typography.Text>
        ),
    },
    {
      title: t('alerts.rules.updated'),
      key: 'updated',
      render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.updatedAt)}</span>,
    },
    {
      title: '',
      key: 'actions',
      render: (_, r) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ id: r.id })}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('alerts.rules.deleteConfirm', { name: r.name })}
            okText={t('alerts.rules.delete')}
            okButtonProps={{ danger: true }}
            onConfirm={() => onDelete(r)}
          >
            <Button type="link" size="small" danger icon={<DeleteOutlined />} data-testid="rule-delete">
              {t('alerts.rules.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="alert-rules-page">
      <PageHeader
        title={t('alerts.rules.title')}
        subtitle={t('alerts.rules.subtitle')}
        extra={
          <>
            <Button icon={<RollbackOutlined />} loading={restoring} onClick={() => void restore()}>
              {t('alerts.rules.restore')}
            </Button>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing({ id: null })}
              data-testid="rule-new"
            >
              {t('alerts.rules.new')}
            </Button>
          </>
        }
      />
      {rules.isError ? (
        <QueryError error={rules.error} onRetry={() => void rules.refetch()} />
      ) : (
        <Table<AlertRule>
          rowKey="id"
          size="middle"
          loading={rules.isPending}
          dataSource={rules.data ?? []}
          columns={columns}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          rowClassName={(r) => (r.enabled ? '' : 'stride-voided')}
          onRow={(r) => ({ 'data-testid': `rule-row-${r.kind}` }) as HTMLAttributes<HTMLElement>}
          locale={{ emptyText: rules.isPending ? ' ' : <Empty description={t('alerts.rules.empty')} /> }}
          data-testid="alert-rules-table"
        />
      )}
      <RuleEditorDrawer
        open={editing !== null && (editing.id === null || current !== null)}
        rule={current}
        onClose={() => setEditing(null)}
        onConflict={() => void rules.refetch()}
      />
    </div>
  );
}
