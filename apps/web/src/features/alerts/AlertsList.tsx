import { type AlertItem, type AlertSeverity, alertSeverity, alertStatuses } from '@stride/contracts';
import { Card, Col, Empty, Flex, Row, Select, Statistic, Table, type TableColumnsType, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { CursorPager } from '../../components/CursorPager';
import { EmployeeSelect } from '../../components/EmployeeSelect';
import { QueryError } from '../../components/QueryError';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { useCursorPaging } from '../../components/useCursorPaging';
import { formatDateTime } from '../../lib/format';
import { AlertStatusTag, formatConfidence, SeverityTag, severityOrder } from './bits';
import { type AlertStatusFilter, useAlertRules, useAlertSummary, useAlerts } from './queries';

const statusFilters: (AlertStatusFilter | 'all')[] = ['live', ...alertStatuses, 'all'];
const severityStatColors: Record<AlertSeverity, string> = { high: '#cf1322', medium: '#d46b08', low: '#ad8b00' };

function isStatusFilter(v: string | null): v is AlertStatusFilter | 'all' {
  return v !== null && (statusFilters as string[]).includes(v);
}

function isSeverity(v: string | null): v is AlertSeverity {
  return v !== null && alertSeverity.safeParse(v).success;
}

/** The summary strip, the filters and the alert table with cursor paging; filters live in the URL. */
export function AlertsList() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status');
  const status: AlertStatusFilter | 'all' = isStatusFilter(statusParam) ? statusParam : 'live';
  const severityParam = params.get('severity');
  const severity = isSeverity(severityParam) ? severityParam : undefined;
  const unitId = params.get('unitId') ?? undefined;
  const ruleId = params.get('ruleId') ?? undefined;
  const employeeId = params.get('employeeId') ?? undefined;
  const limit = Number(params.get('limit')) || 20;

  const update = (changes: Record<string, string | null | undefined>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );

  const filterKey = JSON.stringify({ status, severity, unitId, ruleId, employeeId, limit });
  const paging = useCursorPaging(filterKey);
  const list = useAlerts({
    status: status === 'all' ? undefined : status,
    severity,
    unitId,
    ruleId,
    employeeId,
    limit,
    cursor: paging.cursor,
  });
  const summary = useAlertSummary();
  const rules = useAlertRules();

  const columns: TableColumnsType<AlertItem> = useMemo(
    () => [
      {
        title: t('alerts.columns.person'),
        key: 'person',
        render: (_, r) => (
          <span style={{ whiteSpace: 'nowrap' }}>
            <Link to={`/people/${r.employee.id}`} data-testid="alert-person-link" style={{ fontWeight: 500 }}>
              {r.employee.name}
            </Link>{' '}
            <Typography.Text type="secondary" className="stride-mono" style={{ fontSize: 12 }}>
              {r.employee.employeeNo}
            </Typography.Text>
          </span>
        ),
      },
      { title: t('alerts.columns.unit'), key: 'unit', render: (_, r) => r.unit?.name ?? '—' },
      {
        title: t('alerts.columns.rule'),
        key: 'rule',
        render: (_, r) => (
          <div>
            <div data-testid="alert-rule-name">{r.rule.name}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`alerts.kinds.${r.rule.kind}`, { defaultValue: r.rule.kind })}
            </Typography.Text>
          </div>
        ),
      },
      {
        title: t('alerts.columns.severity'),
        key: 'severity',
        render: (_, r) => <SeverityTag severity={r.severity} />,
      },
      { title: t('alerts.columns.status'), key: 'status', render: (_, r) => <AlertStatusTag status={r.status} /> },
      { title: t('alerts.columns.onset'), key: 'onset', render: (_, r) => r.onsetPeriod ?? '—' },
      {
        title: t('alerts.columns.confidence'),
        key: 'confidence',
        align: 'right',
        render: (_, r) => formatConfidence(r.confidence),
      },
      {
        title: t('alerts.columns.summary'),
        key: 'summary',
        width: 360,
        render: (_, r) => (
          <Link to={`/alerts/${r.id}`} data-testid="alert-open">
            {r.summary || t('alerts.openDetail')}
          </Link>
        ),
      },
      {
        title: t('alerts.columns.raisedAt'),
        key: 'raisedAt',
        render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.raisedAt)}</span>,
      },
    ],
    [t],
  );

  const live = summary.data?.live;

  return (
    <>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="alert-summary-strip">
        {severityOrder.map((s) => (
          <Col xs={12} md={6} key={s}>
            <Card
              size="small"
              hoverable
              onClick={() => update({ severity: severity === s ? null : s, status: null })}
              style={severity === s ? { borderColor: severityStatColors[s] } : undefined}
              data-testid={`alert-summary-${s}`}
            >
              <Statistic
                title={t('alerts.summary.liveBySeverity', { severity: t(`alerts.severities.${s}`) })}
                value={live ? live[s] : '—'}
                loading={summary.isPending}
                styles={{ content: { color: severityStatColors[s] } }}
              />
            </Card>
          </Col>
        ))}
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('alerts.summary.raised30')}
              value={summary.data?.raisedLast30Days ?? '—'}
              loading={summary.isPending}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex gap={12} wrap align="center">
          <Select<AlertStatusFilter | 'all'>
            value={status}
            onChange={(v) => update({ status: v === 'live' ? null : v })}
            options={statusFilters.map((s) => ({
              value: s,
              label: s === 'all' ? t('alerts.filters.allStatuses') : t(`alerts.statuses.${s}`),
            }))}
            style={{ width: 150 }}
            data-testid="alert-filter-status"
          />
          <Select<AlertSeverity>
            allowClear
            value={severity}
            placeholder={t('alerts.filters.allSeverities')}
            onChange={(v) => update({ severity: v ?? null })}
            options={severityOrder.map((s) => ({ value: s, label: t(`alerts.severities.${s}`) }))}
            style={{ width: 130 }}
            data-testid="alert-filter-severity"
          />
          <UnitTreeSelect
            value={unitId ?? null}
            onChange={(v) => update({ unitId: v })}
            placeholder={t('alerts.filters.unit')}
            style={{ width: 200 }}
          />
          <Select<string>
            allowClear
            value={ruleId}
            placeholder={t('alerts.filters.allRules')}
            onChange={(v) => update({ ruleId: v ?? null })}
            loading={rules.isLoading}
            showSearch={{ optionFilterProp: 'label' }}
            options={(rules.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
            style={{ width: 220 }}
            data-testid="alert-filter-rule"
          />
          <div style={{ width: 220 }}>
            <EmployeeSelect
              value={employeeId ?? null}
              onChange={(v) => update({ employeeId: v })}
              placeholder={t('alerts.filters.person')}
            />
          </div>
        </Flex>
      </Card>
      {list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <Table<AlertItem>
            rowKey="id"
            size="middle"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            columns={columns}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{
              emptyText: list.isPending ? ' ' : <Empty description={t('alerts.empty')} />,
            }}
            data-testid="alerts-table"
          />
          <CursorPager
            total={list.data?.total}
            page={paging.page}
            pageSize={limit}
            hasPrevious={paging.hasPrevious}
            hasNext={Boolean(list.data?.nextCursor)}
            loading={list.isFetching}
            onPrevious={paging.previous}
            onNext={() => paging.next(list.data?.nextCursor)}
            onPageSizeChange={(size) => update({ limit: size === 20 ? null : String(size) })}
          />
        </>
      )}
    </>
  );
}
