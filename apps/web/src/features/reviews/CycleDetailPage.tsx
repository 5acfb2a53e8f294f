import { ArrowLeftOutlined } from '@ant-design/icons';
import type { CycleView } from '@stride/contracts';
import { Alert, Card, Descriptions, Empty, Flex, Grid, Skeleton, Steps, Tabs, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatDate, formatDateTime } from '../../lib/format';
import { useCurrentUser } from '../auth/queries';
import { periodLabel } from '../metrics/periods';
import { AppealsTab } from './AppealsTab';
import { CalibrationTab } from './CalibrationTab';
import { CycleActions, SkippedTable } from './CycleActions';
import { cycleStages, stageColors, stageDeadline } from './format';
import { ParticipantsTab } from './ParticipantsTab';
import { useCycle } from './queries';
import { RatingChangesTab } from './RatingChangesTab';
import { TeamResultsTab } from './TeamResultsTab';

/** All stages of the cycle as steps, the current one highlighted, each with its deadline. */
function StageSteps({ cycle }: { cycle: CycleView }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const stages = cycleStages(cycle.peerReviews);
  const current = stages.indexOf(cycle.stage);
  return (
    <Steps
      size="small"
      current={current}
      status={cycle.stage === 'closed' ? 'finish' : 'process'}
      orientation={screens.md === false ? 'vertical' : 'horizontal'}
      data-testid="cycle-steps"
      items={stages.map((s) => {
        const key = stageDeadline[s];
        const due = key ? cycle.deadlines[key] : undefined;
        return {
          key: s,
          title: <span data-testid={`step-${s}`}>{t(`reviews.stages.${s}`)}</span>,
          content: due ? t('reviews.detail.due', { date: formatDate(due) }) : undefined,
        };
      })}
    />
  );
}

function HistoryTab({ cycle }: { cycle: CycleView }) {
  const { t } = useTranslation();
  if (cycle.events.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Timeline
      data-testid="cycle-history"
      items={[...cycle.events].reverse().map((e, i) => ({
        key: `${e.at}-${i}`,
        color: e.toStage === 'closed' ? 'gray' : 'blue',
        content: (
          <div data-testid="cycle-event">
            <Typography.Text strong>
              {e.fromStage
                ? t('reviews.history.moved', {
                    from: t(`reviews.stages.${e.fromStage}`),
                    to: t(`reviews.stages.${e.toStage}`),
                  })
                : t('reviews.history.created', { stage: t(`reviews.stages.${e.toStage}`) })}
            </Typography.Text>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {e.actor ?? t('reviews.history.system')} · {formatDateTime(e.at)}
              </Typography.Text>
            </div>
            {e.note ? (
              <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>
                {e.note}
              </Typography.Paragraph>
            ) : null}
          </div>
        ),
      }))}
    />
  );
}

/** Who the cycle covers, in words. */
function PopulationText({ cycle }: { cycle: CycleView }) {
  const { t } = useTranslation();
  const { units, positions } = cycle.populationLabels;
  const statuses = cycle.population.statuses;
  return (
    <Flex gap={4} wrap>
      {units.length ? units.map((u) => <Tag key={u.id}>{u.name}</Tag>) : <Tag>{t('reviews.form.allUnits')}</Tag>}
      {positions.length ? (
        positions.map((p) => <Tag key={p.id}>{p.name}</Tag>)
      ) : (
        <Tag>{t('reviews.form.allPositions')}</Tag>
      )}
      {(statuses.length ? statuses : (['probation', 'regular'] as const)).map((s) => (
        <Tag key={s} bordered={false} color="geekblue">
          {t(`status.${s}`)}
        </Tag>
      ))}
    </Flex>
  );
}

/** 考核周期详情: stages, the stage's action, and the cycle's people, calibration, changes, appeals and results. */
export function CycleDetailPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const me = useCurrentUser();
  const canManage = me.user.role === 'admin' || me.user.role === 'hr';
  const cycle = useCycle(id);
  const [params, setParams] = useSearchParams();

  if (cycle.isError) return <QueryError error={cycle.error} onRetry={() => void cycle.refetch()} />;
  if (!cycle.data) return <Skeleton active paragraph={{ rows: 8 }} />;
  const c = cycle.data;
  const launched = c.stage !== 'draft';

  const tabLabel = (key: string, text: string, extra?: React.ReactNode) => (
    <span data-testid={`tab-${key}`}>
      {text}
      {extra}
    </span>
  );
  const items = launched
    ? [
        {
          key: 'participants',
          label: tabLabel('participants', t('reviews.tabs.participants')),
          children: <ParticipantsTab cycle={c} />,
        },
        {
          key: 'calibration',
          label: tabLabel('calibration', t('reviews.tabs.calibration')),
          children: <CalibrationTab cycle={c} />,
        },
        {
          key: 'rating-changes',
          label: tabLabel('rating-changes', t('reviews.tabs.ratingChanges')),
          children: <RatingChangesTab cycle={c} />,
        },
        {
          key: 'appeals',
          label: tabLabel(
            'appeals',
            t('reviews.tabs.appeals'),
            c.openAppeals > 0 ? (
              <Tag color="orange" bordered={false} style={{ marginInlineStart: 6, marginInlineEnd: 0 }}>
                {c.openAppeals}
              </Tag>
            ) : null,
          ),
          children: <AppealsTab cycle={c} canDecide={canManage} />,
        },
        { key: 'team', label: tabLabel('team', t('reviews.tabs.team')), children: <TeamResultsTab cycle={c} /> },
        { key: 'history', label: tabLabel('history', t('reviews.tabs.history')), children: <HistoryTab cycle={c} /> },
      ]
    : [
        {
          key: 'launch-preview',
          label: tabLabel('launch-preview', t('reviews.tabs.launchPreview')),
          children: (
            <div data-testid="launch-preview">
              <Typography.Paragraph type="secondary">{t('reviews.launch.previewText')}</Typography.Paragraph>
              {c.skipped.length > 0 ? (
                <>
                  <Alert
                    type="warning"
                    showIcon
                    style={{ marginBottom: 12 }}
                    title={t('reviews.launch.skippedTitle', { count: c.skipped.length })}
                    description={t('reviews.launch.skippedText')}
                  />
                  <SkippedTable skipped={c.skipped} />
                </>
              ) : (
                <Alert type="success" showIcon title={t('reviews.launch.noneSkipped')} />
              )}
            </div>
          ),
        },
        { key: 'history', label: tabLabel('history', t('reviews.tabs.history')), children: <HistoryTab cycle={c} /> },
      ];
  const requested = params.get('tab');
  const activeKey = items.some((i) => i.key === requested) ? (requested as string) : items[0].key;

  return (
    <div data-testid="review-cycle-page" data-stage={c.stage}>
      <Link to="/review-cycles" style={{ display: 'inline-block', marginBottom: 8 }}>
        <ArrowLeftOutlined /> {t('nav.reviewCycles')}
      </Link>
      <PageHeader
        title={
          <span data-testid="cycle-title">
            {c.name}{' '}
            <Tag color={stageColors[c.stage]} style={{ verticalAlign: 'middle' }} data-testid="cycle-stage">
              {t(`reviews.stages.${c.stage}`)}
            </Tag>
          </span>
        }
        subtitle={`${periodLabel(c.periodStart, c.periodType)} · ${t(`reviews.kinds.${c.kind}`)} · ${formatDate(c.periodStart)} – ${formatDate(c.periodEnd)}`}
        extra={<CycleActions cycle={c} canManage={canManage} />}
      />
      {!canManage && c.stage !== 'closed' ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: -12 }} data-testid="cycle-hr-only">
          {t('reviews.actions.hrOnly')}
        </Typography.Paragraph>
      ) : null}
      <Card style={{ marginBottom: 16 }}>
        <StageSteps cycle={c} />
        <Descriptions
          size="small"
          style={{ marginTop: 20 }}
          column={{ xs: 1, sm: 2, lg: 4 }}
          items={[
            {
              key: 'population',
              label: t('reviews.form.population'),
              children: <PopulationText cycle={c} />,
              span: { xs: 1, sm: 2, lg: 2 },
            },
            {
              key: 'participants',
              label: t('reviews.cycle.participants'),
              children: launched ? <span data-testid="cycle-participants">{c.participants}</span> : '—',
            },
            {
              key: 'forms',
              label: t('reviews.cycle.forms'),
              children:
                c.forms.pending + c.forms.submitted > 0
                  ? t('reviews.cycle.formsCount', {
                      submitted: c.forms.submitted,
                      total: c.forms.pending + c.forms.submitted,
                    })
                  : '—',
            },
            {
              key: 'scale',
              label: t('reviews.detail.gradeScale'),
              children: c.gradeScale?.name ?? t('reviews.detail.noScale'),
            },
            {
              key: 'peer',
              label: t('reviews.form.peerReviews'),
              children: c.peerReviews ? t('common.yes') : t('common.no'),
            },
            { key: 'launched', label: t('reviews.detail.launchedAt'), children: formatDateTime(c.launchedAt) },
            { key: 'published', label: t('reviews.detail.publishedAt'), children: formatDateTime(c.publishedAt) },
          ]}
        />
      </Card>
      <Card>
        <Tabs
          activeKey={activeKey}
          onChange={(key) => setParams(key === items[0].key ? {} : { tab: key }, { replace: true })}
          items={items}
          destroyOnHidden
        />
      </Card>
    </div>
  );
}
