import type { CycleView, ParticipantRow } from '@stride/contracts';
import { Empty, Flex, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../components/QueryError';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { formatDate } from '../../lib/format';
import { AppealTag, GradeCell, numCell, ParticipantLink } from './bits';
import { formatScore, gradeRank, gradesOfScale } from './format';
import { useParticipants } from './queries';

/** Everyone in the cycle with their total and grade, filtered by unit, sortable by total or grade. */
export function ParticipantsTab({ cycle }: { cycle: CycleView }) {
  const { t } = useTranslation();
  const [unitId, setUnitId] = useState<string | null>(null);
  const list = useParticipants(cycle.id, { unitId, sort: 'total_desc' });
  const rankOf = useMemo(() => gradeRank(gradesOfScale(cycle.gradeScale)), [cycle.gradeScale]);
  const c = (k: string) => t(`reviews.participants.${k}`);
  // Forms still pending matter while reviews are open; afterwards they simply were not filled.
  const inReview = ['self_review', 'manager_review', 'peer_review'].includes(cycle.stage);

  const columns: TableColumnsType<ParticipantRow> = [
    {
      title: t('reviews.common.person'),
      key: 'name',
      fixed: 'left',
      sorter: (a, b) => a.employee.name.localeCompare(b.employee.name, 'zh-CN'),
      render: (_, r) => <ParticipantLink row={r} />,
    },
    {
      title: t('fields.employeeNo'),
      key: 'employeeNo',
      render: (_, r) => <span className="stride-mono">{r.employee.employeeNo}</span>,
    },
    { title: t('fields.unit'), key: 'unit', render: (_, r) => r.unit.name },
    { title: t('fields.position'), key: 'position', render: (_, r) => r.position?.name ?? '—' },
    {
      title: c('tenureStage'),
      key: 'tenureStage',
      render: (_, r) => <Tag bordered={false}>{t(`reviews.tenureStages.${r.tenureStage}`)}</Tag>,
    },
    {
      title: t('reviews.common.total'),
      key: 'total',
      align: 'right',
      defaultSortOrder: 'descend',
      sorter: (a, b) => Number(a.total) - Number(b.total),
      render: (_, r) => (
        <span style={numCell} data-testid="participant-total">
          {formatScore(r.total)}
        </span>
      ),
    },
    {
      title: t('reviews.common.grade'),
      key: 'grade',
      // Best grade first when ascending, like a ranking.
      sorter: (a, b) => rankOf(b.grade ?? b.computedGrade) - rankOf(a.grade ?? a.computedGrade),
      render: (_, r) => <GradeCell grade={r.grade} computedGrade={r.computedGrade} adjusted={r.adjusted} />,
    },
    {
      title: t('reviews.common.coefficient'),
      key: 'coefficient',
      align: 'right',
      render: (_, r) => <span style={numCell}>{r.bonusCoefficient ?? '—'}</span>,
    },
    {
      title: c('forms'),
      key: 'forms',
      render: (_, r) => {
        const total = r.forms.pending + r.forms.submitted;
        if (total === 0) return <Typography.Text type="secondary">—</Typography.Text>;
        return (
          <Typography.Text type={r.forms.pending > 0 && inReview ? 'warning' : undefined}>
            {r.forms.submitted}/{total}
          </Typography.Text>
        );
      },
    },
    {
      title: c('acknowledged'),
      key: 'ack',
      render: (_, r) =>
        r.acknowledgedAt ? (
          <Tooltip title={formatDate(r.acknowledgedAt)}>
            <Tag color="green" style={{ marginInlineEnd: 0 }}>
              {c('acknowledgedYes')}
            </Tag>
          </Tooltip>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    { title: c('appeal'), key: 'appeal', render: (_, r) => <AppealTag status={r.appeal} /> },
  ];

  return (
    <div data-testid="participants-tab">
      <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
        <UnitTreeSelect
          value={unitId}
          onChange={setUnitId}
          placeholder={t('reviews.common.allUnits')}
          style={{ width: 240, maxWidth: '100%' }}
          data-testid="participants-unit"
        />
        <Typography.Text type="secondary" data-testid="participants-count">
          {t('reviews.participants.count', { count: list.data?.length ?? 0 })}
        </Typography.Text>
      </Flex>
      {list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<ParticipantRow>
          rowKey="id"
          size="middle"
          loading={list.isPending}
          dataSource={list.data ?? []}
          columns={columns}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 'max-content' }}
          onRow={(r) => ({ 'data-testid': `participant-row-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={c('empty')} /> }}
          data-testid="participants-table"
        />
      )}
    </div>
  );
}
