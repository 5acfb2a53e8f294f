import { CalculatorOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import type { BonusLineView, BonusRunView, BonusSchemeView } from '@stride/contracts';
import { App, Button, Card, Drawer, Empty, Flex, Modal, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../components/QueryError';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { formatDateTime } from '../../lib/format';
import { useApproveRun, useBonusRun, useBonusRuns, useBonusSchemes, usePublishedCycles, useRunBonus } from './queries';
import { SchemeFormModal } from './SchemeFormModal';

export function RunStatusTag({ status }: { status: BonusRunView['status'] }) {
  const { t } = useTranslation();
  return status === 'approved' ? (
    <Tag color="green">{t('incentives.run.approved')}</Tag>
  ) : (
    <Tag>{t('incentives.run.draft')}</Tag>
  );
}

/** The lines of a run, each with its explanation (base × coefficient × factor = amount). */
export function RunLines({ lines }: { lines: BonusLineView[] }) {
  const { t } = useTranslation();
  return (
    <Table<BonusLineView>
      size="small"
      rowKey={(l) => l.employee.id}
      dataSource={lines}
      data-testid="bonus-lines"
      locale={{ emptyText: t('incentives.run.noLines') }}
      columns={[
        { title: t('incentives.employeeNo'), render: (_, l) => l.employee.employeeNo },
        { title: t('incentives.name'), render: (_, l) => l.employee.name },
        { title: t('incentives.unit'), dataIndex: 'unitName' },
        { title: t('incentives.grade'), render: (_, l) => l.grade ?? '—' },
        {
          title: t('incentives.run.amount'),
          render: (_, l) => l.amount ?? <Tag color="orange">{t(`incentives.run.status.${l.status}`)}</Tag>,
        },
        { title: t('incentives.run.explanation'), dataIndex: 'explanation' },
      ]}
    />
  );
}

function RunDrawer({ id, canWrite, onClose }: { id: string | null; canWrite: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const run = useBonusRun(id);
  const approve = useApproveRun();
  const toast = useApiErrorToast();
  const { modal } = App.useApp();
  const r = run.data;
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size="large"
      title={r ? `${r.scheme.name} · ${r.cycle.name}` : t('incentives.run.title')}
    >
      {run.isLoading ? (
        <Skeleton active />
      ) : run.isError ? (
        <QueryError error={run.error} onRetry={() => void run.refetch()} />
      ) : r ? (
        <>
          <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }}>
            <RunStatusTag status={r.status} />
            <Typography.Text>
              {t('incentives.run.total')}: <strong>{r.total}</strong>
            </Typography.Text>
            {r.approvedAt ? <Typography.Text type="secondary">{formatDateTime(r.approvedAt)}</Typography.Text> : null}
            {canWrite && r.status === 'draft' ? (
              <Button
                type="primary"
                loading={approve.isPending}
                data-testid="bonus-approve"
                onClick={() =>
                  modal.confirm({
                    title: t('incentives.run.approveConfirm'),
                    content: t('incentives.run.approveHint'),
                    onOk: () => approve.mutateAsync({ id: r.id, version: r.version }).catch(toast),
                  })
                }
              >
                {t('incentives.run.approve')}
              </Button>
            ) : null}
            {canWrite && r.status === 'approved' ? (
              <Space>
                <Button
                  icon={<DownloadOutlined />}
                  href={`/api/v1/bonus-runs/${r.id}/payroll?format=xlsx`}
                  data-testid="bonus-payroll-xlsx"
                >
                  {t('incentives.run.payrollXlsx')}
                </Button>
                <Button icon={<DownloadOutlined />} href={`/api/v1/bonus-runs/${r.id}/payroll?format=csv`}>
                  {t('incentives.run.payrollCsv')}
                </Button>
              </Space>
            ) : null}
          </Flex>
          <RunLines lines={r.lines} />
        </>
      ) : null}
    </Drawer>
  );
}

function RunModal({
  scheme,
  onClose,
  onDone,
}: {
  scheme: BonusSchemeView | null;
  onClose: () => void;
  onDone: (id: string) => void;
}) {
  const { t } = useTranslation();
  const cycles = usePublishedCycles(!!scheme);
  const runBonus = useRunBonus();
  const toast = useApiErrorToast();
  const [cycleId, setCycleId] = useState<string | null>(null);
  return (
    <Modal
      open={!!scheme}
      title={t('incentives.run.compute', { name: scheme?.name ?? '' })}
      onCancel={onClose}
      okButtonProps={{ disabled: !cycleId }}
      confirmLoading={runBonus.isPending}
      onOk={() =>
        scheme &&
        cycleId &&
        runBonus.mutate(
          { schemeId: scheme.id, cycleId },
          {
            onSuccess: (r) => onDone(r.id),
            onError: toast,
          },
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('incentives.run.computeHint')}</Typography.Paragraph>
      <Select
        style={{ width: '100%' }}
        loading={cycles.isLoading}
        value={cycleId ?? undefined}
        onChange={setCycleId}
        placeholder={t('incentives.run.pickCycle')}
        notFoundContent={t('incentives.run.noCycles')}
        options={(cycles.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        data-testid="bonus-cycle"
      />
    </Modal>
  );
}

/** 奖金方案: schemes (HR writes), runs on published cycles, approval and the payroll file. */
export function BonusTab({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const schemes = useBonusSchemes();
  const runs = useBonusRuns();
  const [editing, setEditing] = useState<BonusSchemeView | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [running, setRunning] = useState<BonusSchemeView | null>(null);
  const [openRun, setOpenRun] = useState<string | null>(null);
  if (schemes.isLoading) return <Skeleton active />;
  if (schemes.isError) return <QueryError error={schemes.error} onRetry={() => void schemes.refetch()} />;
  return (
    <Flex vertical gap={16}>
      <Card
        title={t('incentives.scheme.title')}
        extra={
          canWrite ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                setEditing(null);
                setFormOpen(true);
              }}
            >
              {t('incentives.scheme.create')}
            </Button>
          ) : null
        }
      >
        {schemes.data?.length ? (
          <Table<BonusSchemeView>
            rowKey="id"
            pagination={false}
            dataSource={schemes.data}
            columns={[
              { title: t('incentives.scheme.name'), dataIndex: 'name' },
              { title: t('incentives.scheme.defaultBase'), dataIndex: 'defaultBase' },
              {
                title: t('incentives.scheme.coefficients'),
                render: (_, s) =>
                  Object.entries(s.coefficients)
                    .map(([g, c]) => `${g} ${c}`)
                    .join(' · '),
              },
              {
                title: t('incentives.scheme.useAttainment'),
                render: (_, s) => (s.attainment ? t(`incentives.metric.${s.attainment.metricKey}`) : '—'),
              },
              ...(canWrite
                ? [
                    {
                      key: 'actions',
                      render: (_: unknown, s: BonusSchemeView) => (
                        <Space>
                          <Button
                            type="link"
                            onClick={() => {
                              setEditing(s);
                              setFormOpen(true);
                            }}
                          >
                            {t('common.edit')}
                          </Button>
                          <Button type="link" icon={<CalculatorOutlined />} onClick={() => setRunning(s)}>
                            {t('incentives.run.computeShort')}
                          </Button>
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        ) : (
          <Empty description={t('incentives.scheme.empty')} />
        )}
      </Card>
      <Card title={t('incentives.run.title')}>
        {runs.isLoading ? (
          <Skeleton active />
        ) : runs.isError ? (
          <QueryError error={runs.error} onRetry={() => void runs.refetch()} />
        ) : runs.data?.length ? (
          <Table<BonusRunView>
            rowKey="id"
            dataSource={runs.data}
            pagination={false}
            data-testid="bonus-runs"
            columns={[
              { title: t('incentives.scheme.name'), render: (_, r) => r.scheme.name },
              { title: t('incentives.run.cycle'), render: (_, r) => r.cycle.name },
              { title: t('incentives.run.statusTitle'), render: (_, r) => <RunStatusTag status={r.status} /> },
              { title: t('incentives.run.people'), dataIndex: 'lineCount' },
              { title: t('incentives.run.total'), dataIndex: 'total' },
              {
                key: 'open',
                render: (_, r) => (
                  <Button type="link" onClick={() => setOpenRun(r.id)}>
                    {t('incentives.run.open')}
                  </Button>
                ),
              },
            ]}
          />
        ) : (
          <Empty description={t('incentives.run.empty')} />
        )}
      </Card>
      <SchemeFormModal scheme={editing} open={formOpen} onClose={() => setFormOpen(false)} />
      <RunModal
        scheme={running}
        onClose={() => setRunning(null)}
        onDone={(id) => {
          setRunning(null);
          setOpenRun(id);
        }}
      />
      <RunDrawer id={openRun} canWrite={canWrite} onClose={() => setOpenRun(null)} />
    </Flex>
  );
}
