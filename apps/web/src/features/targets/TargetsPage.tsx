import { FileExcelOutlined, HistoryOutlined, LockOutlined } from '@ant-design/icons';
import type { TableColumnsType } from 'antd';
import { App, Button, Card, DatePicker, Flex, Progress, Segmented, Select, Space, Table, Tag, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError } from '../../api/client';
import { EmployeeSelect } from '../../components/EmployeeSelect';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { useCurrentUser } from '../auth/queries';
import { formatMetricValue } from '../metrics/format';
import { periodLabel, periodStartOf, toIsoDate } from '../metrics/periods';
import { useMetricDefinitions } from '../metrics/queries';
import { FairnessCard } from './FairnessCard';
import { type Target, type TargetPeriodType, useAgreeTarget, useTargets } from './queries';
import { SplitTargetModal } from './SplitTargetModal';
import { TargetFormModal, type TargetFormMode } from './TargetFormModal';
import { TargetHistoryDrawer } from './TargetHistoryDrawer';

const periodTypes: TargetPeriodType[] = ['month', 'quarter', 'year'];

/** Targets: managers, HR and admins set and split them; everyone proposes and agrees their own. */
export function TargetsPage({ mine = false }: { mine?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const role = me.user.role;
  const isHr = role === 'admin' || role === 'hr';
  const library = useMetricDefinitions();
  const [unitId, setUnitId] = useState<string | null>(null);
  const [employeeId, setEmployeeId] = useState<string | null>(null);
  const [metric, setMetric] = useState<string | null>(null);
  const [periodType, setPeriodType] = useState<TargetPeriodType>('month');
  // The year of next month: new targets are usually for the coming period (in December, next year's).
  const [year, setYear] = useState<Dayjs>(() => dayjs().add(1, 'month'));
  const [form, setForm] = useState<{ mode: TargetFormMode; target: Target | null } | null>(null);
  const [historyOf, setHistoryOf] = useState<Target | null>(null);
  const [splitOf, setSplitOf] = useState<Target | null>(null);
  const agree = useAgreeTarget();

  const list = useTargets({
    mine,
    unitId: mine ? undefined : unitId,
    employeeId: mine ? undefined : employeeId,
    metric,
    periodType,
    from: toIsoDate(year.startOf('year')),
    to: toIsoDate(year.endOf('year')),
  });

  const accept = async (target: Target) => {
    try {
      await agree.mutateAsync({ id: target.id });
      void message.success(t('targets.agreed'));
    } catch (err) {
      void message.error(isApiError(err) ? err.problem.detail : t('errors.generic'));
    }
  };

  const columns: TableColumnsType<Target> = [
    {
      title: t('targets.subject'),
      key: 'subject',
      render: (_, r) =>
        r.employee ? (
          <span data-testid="target-subject">
            {r.employee.name} <span className="stride-mono">{r.employee.employeeNo}</span>
          </span>
        ) : (
          <Tag color="geekblue" data-testid="target-subject">
            {t('targets.team')} · {r.unit?.name}
          </Tag>
        ),
    },
    { title: t('targets.metric'), dataIndex: 'metricName' },
    { title: t('targets.period'), key: 'period', render: (_, r) => periodLabel(r.periodStart, r.periodType) },
    {
      title: t('targets.value'),
      key: 'value',
      align: 'right',
      render: (_, r) => (
        <span data-testid="target-value">
          {r.value !== null ? formatMetricValue(r.value, r.metricUnit) : '—'}
          {r.proposedValue !== null ? (
            <div style={{ fontSize: 12, color: '#8c8c8c' }}>
              {t('targets.proposedBy', { who: r.proposedBy ?? '' })}: {formatMetricValue(r.proposedValue, r.metricUnit)}
            </div>
          ) : null}
        </span>
      ),
    },
    {
      title: t('targets.actual'),
      key: 'actual',
      align: 'right',
      render: (_, r) => (r.actual !== null ? formatMetricValue(r.actual, r.metricUnit) : '—'),
    },
    {
      title: t('targets.attainment'),
      key: 'attainment',
      width: 160,
      render: (_, r) =>
        r.attainment === null ? (
          '—'
        ) : (
          <Progress
            percent={Math.min(100, Math.round(Number(r.attainment) * 100))}
            format={() => `${(Number(r.attainment) * 100).toFixed(1)}%`}
            size="small"
            status={Number(r.attainment) >= 1 ? 'success' : 'normal'}
          />
        ),
    },
    {
      title: t('targets.status'),
      key: 'status',
      render: (_, r) => (
        <Space size={4}>
          <Tag color={r.status === 'agreed' ? 'green' : 'gold'} data-testid="target-status">
            {t(`targets.statuses.${r.status}`)}
          </Tag>
          {r.locked ? (
            <Tooltip title={t('targets.lockedHint')}>
              <LockOutlined data-testid="target-locked" />
            </Tooltip>
          ) : null}
        </Space>
      ),
    },
    {
      title: '',
      key: 'actions',
      render: (_, r) => (
        <Space size={0} wrap>
          {r.canAgree ? (
            <>
              <Button type="link" size="small" onClick={() => void accept(r)} data-testid="target-agree">
                {t('targets.agree')}
              </Button>
              <Button type="link" size="small" onClick={() => setForm({ mode: 'counter', target: r })}>
                {t('targets.counter')}
              </Button>
            </>
          ) : null}
          {r.canEdit ? (
            <Button
              type="link"
              size="small"
              onClick={() => setForm({ mode: 'edit', target: r })}
              data-testid="target-edit"
            >
              {t('common.edit')}
            </Button>
          ) : null}
          {r.unit && r.canEdit && r.status === 'agreed' ? (
            <Button type="link" size="small" onClick={() => setSplitOf(r)} data-testid="target-split">
              {t('targets.split.action')}
            </Button>
          ) : null}
          <Button
            type="link"
            size="small"
            icon={<HistoryOutlined />}
            onClick={() => setHistoryOf(r)}
            data-testid="target-history-open"
          >
            {r.historyCount}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <div data-testid={mine ? 'my-targets-page' : 'targets-page'}>
      <PageHeader
        title={mine ? t('nav.myTargets') : t('nav.targets')}
        subtitle={t('targets.subtitle')}
        extra={
          <>
            {me.user.employeeId ? (
              <Button onClick={() => setForm({ mode: 'propose', target: null })} data-testid="target-propose">
                {t('targets.propose')}
              </Button>
            ) : null}
            {!mine && isHr ? (
              <Button
                icon={<FileExcelOutlined />}
                onClick={() => navigate('/imports?kind=targets')}
                data-testid="target-import"
              >
                {t('targets.importExcel')}
              </Button>
            ) : null}
            {!mine ? (
              <Button type="primary" onClick={() => setForm({ mode: 'set', target: null })} data-testid="target-new">
                {t('targets.new')}
              </Button>
            ) : null}
          </>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex gap={12} wrap align="center">
          {!mine ? (
            <>
              <UnitTreeSelect
                value={unitId}
                onChange={setUnitId}
                placeholder={t('targets.filterTeam')}
                style={{ width: 220 }}
              />
              <EmployeeSelect
                value={employeeId}
                onChange={(v) => setEmployeeId(v)}
                placeholder={t('targets.filterPerson')}
              />
            </>
          ) : null}
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('targets.allMetrics')}
            value={metric}
            onChange={(v) => setMetric(v ?? null)}
            options={(library.data ?? []).map((m) => ({ value: m.key, label: m.name }))}
            style={{ width: 200 }}
          />
          <Segmented<TargetPeriodType>
            value={periodType}
            onChange={setPeriodType}
            options={periodTypes.map((p) => ({ value: p, label: t(`metrics.periodTypes.${p}`) }))}
          />
          <DatePicker
            picker="year"
            value={year}
            onChange={(d) => d && setYear(periodStartOf(d, 'year'))}
            allowClear={false}
          />
        </Flex>
      </Card>
      {list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Target>
          rowKey="id"
          size="middle"
          loading={list.isPending}
          dataSource={list.data ?? []}
          columns={columns}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          data-testid="targets-table"
        />
      )}
      {!mine ? (
        <div style={{ marginTop: 16 }}>
          <FairnessCard unitId={unitId} metric={metric ?? 'revenue'} periodType={periodType} />
        </div>
      ) : null}
      <TargetFormModal
        mode={form?.mode ?? null}
        target={form?.target}
        canOverrideLock={isHr}
        onClose={() => setForm(null)}
      />
      <TargetHistoryDrawer target={historyOf} onClose={() => setHistoryOf(null)} />
      <SplitTargetModal key={splitOf?.id ?? 'none'} target={splitOf} onClose={() => setSplitOf(null)} />
    </div>
  );
}
