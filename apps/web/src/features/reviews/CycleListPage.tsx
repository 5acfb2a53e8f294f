import { PlusOutlined } from '@ant-design/icons';
import type { CycleSummary } from '@stride/contracts';
import { Badge, Button, Card, Empty, Progress, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatDate } from '../../lib/format';
import { useCurrentUser } from '../auth/queries';
import { periodLabel } from '../metrics/periods';
import { CycleFormDrawer } from './CycleFormDrawer';
import { cycleStages, stageColors, stageDeadline } from './format';
import { useCycles } from './queries';

/** 考核周期: every review cycle of the organization with where it stands; HR starts new ones here. */
export function CycleListPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const canManage = me.user.role === 'admin' || me.user.role === 'hr';
  const cycles = useCycles();
  const [creating, setCreating] = useState(false);

  const columns: TableColumnsType<CycleSummary> = [
    {
      title: t('reviews.cycle.name'),
      key: 'name',
      render: (_, r) => (
        <Link to={`/review-cycles/${r.id}`} data-testid="cycle-link" style={{ fontWeight: 500 }}>
          {r.name}
        </Link>
      ),
    },
    {
      title: t('reviews.cycle.period'),
      key: 'period',
      render: (_, r) => (
        <span>
          {periodLabel(r.periodStart, r.periodType)}
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {t(`reviews.kinds.${r.kind}`)}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('reviews.cycle.stage'),
      key: 'stage',
      render: (_, r) => {
        const stages = cycleStages(r.peerReviews);
        const at = stages.indexOf(r.stage);
        return (
          <div style={{ minWidth: 140 }}>
            <Tag color={stageColors[r.stage]} data-testid="cycle-stage">
              {t(`reviews.stages.${r.stage}`)}
            </Tag>
            <Progress
              percent={Math.round((at / (stages.length - 1)) * 100)}
              steps={stages.length - 1}
              size="small"
              showInfo={false}
              style={{ display: 'block', marginTop: 4 }}
            />
          </div>
        );
      },
    },
    {
      title: t('reviews.cycle.participants'),
      dataIndex: 'participants',
      align: 'right',
      render: (v: number, r) => (r.stage === 'draft' ? <Typography.Text type="secondary">—</Typography.Text> : v),
    },
    {
      title: t('reviews.cycle.forms'),
      key: 'forms',
      render: (_, r) =>
        r.forms.pending + r.forms.submitted === 0 ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <span data-testid="cycle-forms">
            {t('reviews.cycle.formsCount', {
              submitted: r.forms.submitted,
              total: r.forms.pending + r.forms.submitted,
            })}
            {r.forms.pending > 0 && reviewStages.has(r.stage) ? (
              <Typography.Text type="warning" style={{ display: 'block', fontSize: 12 }}>
                {t('reviews.cycle.formsPending', { count: r.forms.pending })}
              </Typography.Text>
            ) : null}
          </span>
        ),
    },
    {
      title: t('reviews.cycle.openAppeals'),
      dataIndex: 'openAppeals',
      align: 'center',
      render: (v: number) =>
        v > 0 ? (
          <Badge count={v} data-testid="cycle-open-appeals" />
        ) : (
          <Typography.Text type="secondary">0</Typography.Text>
        ),
    },
    {
      title: t('reviews.cycle.nextDeadline'),
      key: 'deadline',
      render: (_, r) => {
        const next = nextDeadline(r);
        return next ? (
          <span>
            {formatDate(next.date)}
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {t(`reviews.deadlines.${next.key}`)}
            </Typography.Text>
          </span>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        );
      },
    },
  ];

  return (
    <div data-testid="review-cycles-page">
      <PageHeader
        title={t('nav.reviewCycles')}
        subtitle={t('reviews.list.subtitle')}
        extra={
          canManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="cycle-new">
              {t('reviews.list.new')}
            </Button>
          ) : null
        }
      />
      <Card>
        {cycles.isError ? (
          <QueryError error={cycles.error} onRetry={() => void cycles.refetch()} />
        ) : (
          <Table<CycleSummary>
            rowKey="id"
            size="middle"
            loading={cycles.isPending}
            dataSource={cycles.data ?? []}
            columns={columns}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
            onRow={(r) => ({ 'data-testid': `cycle-row-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={canManage ? t('reviews.list.emptyHr') : t('reviews.list.empty')}
                />
              ),
            }}
            data-testid="cycles-table"
          />
        )}
      </Card>
      {canManage ? <CycleFormDrawer open={creating} cycle={null} onClose={() => setCreating(false)} /> : null}
    </div>
  );
}

/** Stages in which forms are being filled: pending ones are still expected then, not afterwards. */
const reviewStages = new Set<CycleSummary['stage']>(['self_review', 'manager_review', 'peer_review']);

/** The deadline of the stage the cycle is in, if it has one. */
function nextDeadline(c: CycleSummary): { key: string; date: string } | null {
  const key = stageDeadline[c.stage];
  const date = key ? c.deadlines[key] : undefined;
  return key && date ? { key, date } : null;
}
