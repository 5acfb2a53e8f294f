import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import type { MetricProgress } from '@stride/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  List,
  Popconfirm,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatDate, formatDateTime } from '../../lib/format';
import { CreatePlanModal } from './CreatePlanModal';
import { type PlanActionKind, PlanActionModal } from './PlanActionModal';
import { PlanStatusTag } from './PlanStatusTag';
import { usePlan, usePlanAction } from './queries';

function MetTag({ met }: { met: boolean | null }) {
  const { t } = useTranslation();
  if (met === null) return <Tag>{t('plans.noData')}</Tag>;
  return <Tag color={met ? 'green' : 'red'}>{met ? t('plans.met') : t('plans.notMet')}</Tag>;
}

function ProgressTable({ rows, testId }: { rows: MetricProgress[]; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Table<MetricProgress>
      rowKey="goalIndex"
      size="small"
      pagination={false}
      dataSource={rows}
      data-testid={testId}
      columns={[
        { title: t('plans.fields.metricKey'), key: 'metric', render: (_, r) => r.metricName },
        {
          title: t('plans.fields.target'),
          key: 'target',
          render: (_, r) => `${t(`plans.directions.${r.direction}`)} ${r.target}`,
        },
        { title: t('plans.actual'), key: 'actual', align: 'right', render: (_, r) => r.actual ?? '—' },
        { title: t('plans.months'), key: 'months', align: 'right', dataIndex: 'months' },
        { title: t('plans.result'), key: 'met', render: (_, r) => <MetTag met={r.met} /> },
      ]}
    />
  );
}

/** One improvement plan: goals and progress, support, check-ins, evaluations, the outcome, and the next steps. */
export function PlanDetailPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const query = usePlan(id);
  const action = usePlanAction();
  const [kind, setKind] = useState<PlanActionKind | null>(null);
  const [editing, setEditing] = useState(false);

  if (query.isPending) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  const plan = query.data;
  const behaviourGoals = plan.goals.map((g, i) => ({ g, i })).filter((x) => x.g.kind === 'behaviour');

  const acknowledge = () =>
    action.mutate(
      { id: plan.id, action: 'acknowledge', body: { version: plan.version } },
      {
        onSuccess: () => void message.success(t('plans.acknowledged')),
        onError: (e) => void message.error(isApiError(e) ? e.problem.detail : t('errors.generic')),
      },
    );

  return (
    <div data-testid="plan-detail">
      <PageHeader
        title={t('plans.detailTitle', { name: plan.employee.name })}
        subtitle={`${formatDate(plan.startDate)} – ${formatDate(plan.endDate)}`}
        extra={
          <Flex gap={8} wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
              {t('common.back')}
            </Button>
            <Button icon={<DownloadOutlined />} href={plan.documentUrl} download data-testid="plan-document">
              {t('plans.document')}
            </Button>
            {plan.can.edit ? (
              <Button onClick={() => setEditing(true)} data-testid="plan-edit">
                {t('plans.edit')}
              </Button>
            ) : null}
            {plan.can.acknowledge ? (
              <Popconfirm title={t('plans.acknowledgeConfirm')} onConfirm={acknowledge} okText={t('common.confirm')}>
                <Button type="primary" loading={action.isPending} data-testid="plan-acknowledge">
                  {t('plans.actions.acknowledge')}
                </Button>
              </Popconfirm>
            ) : null}
            {plan.can.recordRefusal ? (
              <Button onClick={() => setKind('refusal')} data-testid="plan-refusal">
                {t('plans.actions.refusal')}
              </Button>
            ) : null}
            {plan.can.checkIn ? (
              <Button onClick={() => setKind('check-ins')} data-testid="plan-check-in">
                {t('plans.actions.check-ins')}
              </Button>
            ) : null}
            {plan.can.evaluate ? (
              <Button onClick={() => setKind('evaluations')} data-testid="plan-evaluate">
                {t('plans.actions.evaluations')}
              </Button>
            ) : null}
            {plan.can.recordOutcome ? (
              <Button type="primary" onClick={() => setKind('outcome')} data-testid="plan-outcome-open">
                {t('plans.actions.outcome')}
              </Button>
            ) : null}
            {plan.can.cancel ? (
              <Button danger onClick={() => setKind('cancel')} data-testid="plan-cancel">
                {t('plans.actions.cancel')}
              </Button>
            ) : null}
          </Flex>
        }
      />
      {plan.status === 'draft' ? (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('plans.draftHint')} />
      ) : null}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('plans.fields.employeeId')}>
            {plan.employee.name} <span className="stride-mono">{plan.employee.employeeNo}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('plans.columns.unit')}>{plan.unit?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('plans.columns.status')}>
            <PlanStatusTag status={plan.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('plans.columns.manager')}>{plan.manager.name}</Descriptions.Item>
          <Descriptions.Item label={t('plans.fields.coachEmployeeId')}>{plan.coach?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('plans.columns.source')}>
            {plan.alertId ? (
              <Link to={`/alerts/${plan.alertId}`}>{t('plans.sources.alert')}</Link>
            ) : (
              t(`plans.sources.${plan.source}`)
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('plans.columns.period')}>
            {formatDate(plan.startDate)} – {formatDate(plan.endDate)}
            {plan.originalEndDate ? ` (${t('plans.extendedFrom', { date: formatDate(plan.originalEndDate) })})` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('plans.acknowledgement')}>
            <span data-testid="plan-acknowledgement">
              {plan.acknowledgement
                ? `${t(`plans.ackKinds.${plan.acknowledgement}`)} · ${formatDateTime(plan.acknowledgedAt)}`
                : t('plans.notAcknowledged')}
            </span>
          </Descriptions.Item>
          {plan.witnessNote ? (
            <Descriptions.Item label={t('plans.fields.witnessNote')}>{plan.witnessNote}</Descriptions.Item>
          ) : null}
          {plan.outcome ? (
            <Descriptions.Item label={t('plans.fields.outcome')}>
              <span data-testid="plan-outcome-value">{t(`plans.outcomes.${plan.outcome}`)}</span>
            </Descriptions.Item>
          ) : null}
          {plan.cancelReason ? (
            <Descriptions.Item label={t('plans.fields.reason')}>{plan.cancelReason}</Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>

      <Card size="small" title={t('plans.fields.goals')} style={{ marginBottom: 16 }}>
        {plan.progress.length ? (
          <ProgressTable rows={plan.progress} testId="plan-progress" />
        ) : (
          <List
            size="small"
            data-testid="plan-metric-goals"
            dataSource={plan.goals.flatMap((g) => (g.kind === 'metric' ? [g] : []))}
            renderItem={(g) => (
              <List.Item>
                {g.metricKey}: {t(`plans.directions.${g.direction ?? 'higher'}`)} {g.target}
              </List.Item>
            )}
            locale={{ emptyText: t('plans.noMetricGoals') }}
          />
        )}
        {behaviourGoals.length ? (
          <List
            size="small"
            header={<Typography.Text strong>{t('plans.goalKinds.behaviour')}</Typography.Text>}
            dataSource={behaviourGoals}
            renderItem={({ g }) =>
              g.kind === 'behaviour' ? (
                <List.Item>
                  {g.text} <Typography.Text type="secondary">（{g.measure}）</Typography.Text>
                </List.Item>
              ) : null
            }
          />
        ) : null}
      </Card>

      <Card size="small" title={t('plans.support')} style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('plans.fields.courseIds')}>
            {plan.courses.length
              ? plan.courses.map((c) => (
                  <Tag key={c.id}>
                    <a href={c.url} target="_blank" rel="noreferrer">
                      {c.title}
                    </a>
                  </Tag>
                ))
              : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('plans.fields.checkInDates')}>
            {plan.checkInDates.length ? plan.checkInDates.map(formatDate).join('、') : '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card size="small" title={t('plans.checkIns')} style={{ marginBottom: 16 }}>
        {plan.checkIns.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('plans.noCheckIns')} />
        ) : (
          <List
            dataSource={plan.checkIns}
            data-testid="plan-check-ins"
            renderItem={(c) => (
              <List.Item>
                <Flex vertical gap={4} style={{ width: '100%' }}>
                  <Typography.Text strong>
                    {formatDate(c.heldOn)} · {c.author ?? '—'}
                  </Typography.Text>
                  <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>
                    {c.notes}
                  </Typography.Paragraph>
                  {c.evidence.map((e) => (
                    <Typography.Text key={`${e.text}${e.url ?? ''}`} type="secondary">
                      {t('plans.fields.evidence')}: {e.url ? <a href={e.url}>{e.text}</a> : e.text}
                    </Typography.Text>
                  ))}
                  {c.progress.length ? <ProgressTable rows={c.progress} /> : null}
                </Flex>
              </List.Item>
            )}
          />
        )}
      </Card>

      <Card size="small" title={t('plans.evaluations')} style={{ marginBottom: 16 }}>
        {plan.evaluations.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('plans.noEvaluations')} />
        ) : (
          plan.evaluations.map((e) => (
            <div key={`${e.stage}${e.at}`} style={{ marginBottom: 16 }} data-testid={`plan-evaluation-${e.stage}`}>
              <Typography.Text strong>
                {t(`plans.stages.${e.stage}`)} · {formatDate(e.asOf)} · {e.by}
              </Typography.Text>
              {e.metrics.length ? <ProgressTable rows={e.metrics} /> : null}
              {e.behaviours.map((b) => {
                const g = plan.goals[b.goalIndex];
                return (
                  <div key={b.goalIndex}>
                    {g?.kind === 'behaviour' ? g.text : ''}: <Tag>{t(`plans.judgements.${b.judgement}`)}</Tag>
                    {b.comment}
                  </div>
                );
              })}
              <div>
                {t('plans.fields.recommendation')}: {e.recommendation}
              </div>
            </div>
          ))
        )}
        {plan.suggestedOutcome ? (
          <Alert
            type="info"
            showIcon
            title={t('plans.suggestion', { outcome: t(`plans.outcomes.${plan.suggestedOutcome}`) })}
            description={t('plans.humanDecision')}
          />
        ) : null}
        {plan.outcomes.map((o) => (
          <div key={o.at}>
            {formatDateTime(o.at)} · {o.by}: <Tag>{t(`plans.outcomes.${o.outcome}`)}</Tag>
            {o.newEndDate ? t('plans.extendedTo', { date: formatDate(o.newEndDate) }) : ''} {o.note}
          </div>
        ))}
      </Card>
      <PlanActionModal plan={plan} kind={kind} onClose={() => setKind(null)} />
      <CreatePlanModal
        open={editing}
        editing={plan}
        source={plan.source}
        onClose={() => setEditing(false)}
        onCreated={() => setEditing(false)}
      />
    </div>
  );
}
