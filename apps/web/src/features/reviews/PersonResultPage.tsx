import { ArrowLeftOutlined, CheckCircleOutlined, MessageOutlined } from '@ant-design/icons';
import type { PersonResult } from '@stride/contracts';
import {
  Alert,
  App,
  Button,
  type ButtonProps,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { formatDate, formatDateTime } from '../../lib/format';
import { useCurrentUser } from '../auth/queries';
import { periodLabel } from '../metrics/periods';
import { AppealTag, ExportButton } from './bits';
import { formatPercentValue, formatScore, stageColors } from './format';
import { exportUrls, type RatingChange, useAcknowledge, useAppeal, usePersonResult } from './queries';
import { useRatingChangeColumns } from './RatingChangesTab';
import { ChangeCard, DimensionRadar, IndicatorTable } from './ResultSections';

/** The employee's answer to a published result: acknowledge it, or appeal with a reason. */
function AcknowledgeCard({ result }: { result: PersonResult }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const toastError = useApiErrorToast();
  const acknowledge = useAcknowledge();
  const appeal = useAppeal();
  const [appealing, setAppealing] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const a = (k: string, o?: Record<string, unknown>) => t(`reviews.result.ack.${k}`, o);
  const { can } = result;

  const submitAppeal = async () => {
    if (!reason.trim()) {
      setReasonError(a('reasonRequired'));
      return;
    }
    setReasonError(null);
    try {
      await appeal.mutateAsync({ participantId: result.participantId, reason: reason.trim() });
      void message.success(a('appealed'));
      setAppealing(false);
    } catch (err) {
      if (isApiError(err) && err.fieldErrors.some((f) => f.field === 'reason'))
        setReasonError(err.fieldErrors.find((f) => f.field === 'reason')?.message ?? err.problem.detail);
      else toastError(err);
    }
  };

  if (!can.acknowledge && !can.appeal && !result.acknowledgedAt && !result.appeal) return null;
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="result-ack-card">
      {result.acknowledgedAt ? (
        <Alert
          type="success"
          showIcon
          title={a('acknowledgedAt', { at: formatDateTime(result.acknowledgedAt) })}
          data-testid="result-acknowledged"
          style={{ marginBottom: result.appeal || can.appeal ? 12 : 0 }}
        />
      ) : can.acknowledge ? (
        <Typography.Paragraph>{a('prompt')}</Typography.Paragraph>
      ) : null}
      {result.appeal ? (
        <div data-testid="result-appeal">
          <Space size={8} style={{ marginBottom: 8 }}>
            <Typography.Text strong>{a('appealTitle')}</Typography.Text>
            <AppealTag status={result.appeal.status} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(result.appeal.createdAt)}
            </Typography.Text>
          </Space>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
            <Typography.Text type="secondary">{a('yourReason')}</Typography.Text>
            {result.appeal.reason}
          </Typography.Paragraph>
          {result.appeal.status === 'open' ? (
            <Typography.Text type="secondary">{a('waiting')}</Typography.Text>
          ) : (
            <Alert
              type={result.appeal.status === 'upheld' ? 'success' : 'info'}
              showIcon
              data-testid="result-appeal-decision"
              title={
                result.appeal.status === 'upheld'
                  ? a('upheld', { grade: result.appeal.newGrade ?? '—' })
                  : a('rejected')
              }
              description={
                <>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{result.appeal.decision}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(result.appeal.decidedAt)}
                  </Typography.Text>
                </>
              }
            />
          )}
        </div>
      ) : null}
      {can.acknowledge || can.appeal ? (
        <Flex gap={8} wrap style={{ marginTop: 12 }}>
          {can.acknowledge ? (
            <Popconfirm
              title={a('confirm')}
              okButtonProps={{ 'data-testid': 'result-acknowledge-confirm' } as ButtonProps}
              onConfirm={() =>
                acknowledge.mutateAsync(result.participantId).then(
                  () => void message.success(a('done')),
                  (err: unknown) => toastError(err),
                )
              }
            >
              <Button
                type="primary"
                icon={<CheckCircleOutlined />}
                loading={acknowledge.isPending}
                data-testid="result-acknowledge"
              >
                {a('acknowledge')}
              </Button>
            </Popconfirm>
          ) : null}
          {can.appeal ? (
            <Button icon={<MessageOutlined />} onClick={() => setAppealing(true)} data-testid="result-appeal-open">
              {a('appeal')}
            </Button>
          ) : null}
        </Flex>
      ) : null}
      <Modal
        open={appealing}
        title={a('appealModalTitle')}
        onCancel={() => setAppealing(false)}
        onOk={() => void submitAppeal()}
        okText={a('submitAppeal')}
        okButtonProps={{ loading: appeal.isPending, 'data-testid': 'appeal-submit' } as ButtonProps}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{a('appealHelp')}</Typography.Paragraph>
        <Form layout="vertical">
          <Form.Item
            label={a('reason')}
            required
            validateStatus={reasonError ? 'error' : undefined}
            help={reasonError ?? undefined}
          >
            <Input.TextArea
              rows={5}
              maxLength={2000}
              showCount
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              data-testid="appeal-reason"
            />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** 考核结果: one person's score and grade in a cycle, how it is made up, where it stands, and what changed. */
export function PersonResultPage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const me = useCurrentUser();
  const result = usePersonResult(id);
  const changeColumns = useRatingChangeColumns(false);
  const r = (k: string, o?: Record<string, unknown>) => t(`reviews.result.${k}`, o);

  if (result.isError) return <QueryError error={result.error} onRetry={() => void result.refetch()} />;
  if (!result.data) return <Skeleton active paragraph={{ rows: 10 }} />;
  const res = result.data;
  const published = res.cycle.stage === 'published' || res.cycle.stage === 'closed';
  const gradeChanged = res.computedGrade !== null && res.grade !== null && res.computedGrade !== res.grade;
  const back =
    me.user.role === 'employee'
      ? { to: '/my-reviews', label: t('nav.myReviews') }
      : { to: `/review-cycles/${res.cycle.id}`, label: res.cycle.name };

  return (
    <div data-testid="person-result-page">
      <Link to={back.to} style={{ display: 'inline-block', marginBottom: 8 }}>
        <ArrowLeftOutlined /> {back.label}
      </Link>
      <PageHeader
        title={
          <span data-testid="result-title">
            {res.employee.name}{' '}
            <Typography.Text type="secondary" style={{ fontSize: 16, fontWeight: 400 }}>
              {res.cycle.name}
            </Typography.Text>
          </span>
        }
        subtitle={[
          periodLabel(res.cycle.periodStart, res.cycle.periodType),
          res.unit.name,
          res.position?.name,
          t(`reviews.tenureStages.${res.tenureStage}`),
          r('template', { name: res.template.name, version: res.template.version }),
        ]
          .filter(Boolean)
          .join(' · ')}
        extra={
          <Space size={8}>
            <Tag color={stageColors[res.cycle.stage]}>{t(`reviews.stages.${res.cycle.stage}`)}</Tag>
            <ExportButton href={exportUrls.personResult(res.participantId)} testId="result-export">
              {r('export')}
            </ExportButton>
          </Space>
        }
      />
      {!published ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={r('notPublished')}
          data-testid="result-not-published"
        />
      ) : null}
      <AcknowledgeCard result={res} />

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Card size="small" style={{ height: '100%' }}>
            <Statistic
              title={r('total')}
              value={formatScore(res.total)}
              suffix={<span style={{ fontSize: 14 }}>/ {formatScore(res.maxTotal, 0)}</span>}
              data-testid="result-total"
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" style={{ height: '100%' }}>
            <Typography.Text type="secondary">{r('grade')}</Typography.Text>
            <div style={{ marginTop: 4 }}>
              <Tag
                color="blue"
                style={{ fontSize: 20, padding: '4px 12px', fontWeight: 600 }}
                data-testid="result-grade"
              >
                {res.grade ?? res.computedGrade ?? '—'}
              </Tag>
              {res.bonusCoefficient ? (
                <Typography.Text type="secondary">{r('coefficient', { value: res.bonusCoefficient })}</Typography.Text>
              ) : null}
            </div>
            {gradeChanged ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="result-computed-grade">
                {r('computedWas', { grade: res.computedGrade })}
              </Typography.Text>
            ) : null}
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" style={{ height: '100%' }}>
            <Statistic
              title={r('teamRank')}
              value={res.rank.team.rank}
              suffix={`/ ${res.rank.team.of}`}
              data-testid="result-team-rank"
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r('percentile', { value: formatPercentValue(res.rank.team.percentile) })}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" style={{ height: '100%' }}>
            <Statistic
              title={r('cohortRank')}
              value={res.rank.cohort.rank}
              suffix={`/ ${res.rank.cohort.of}`}
              data-testid="result-cohort-rank"
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r('percentile', { value: formatPercentValue(res.rank.cohort.percentile) })}
            </Typography.Text>
          </Card>
        </Col>
      </Row>

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title={r('dimensions')} style={{ height: '100%' }}>
            <DimensionRadar result={res} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={r('dimensionTable')} style={{ height: '100%' }}>
            <Descriptions
              size="small"
              column={1}
              items={res.dimensions.map((d) => ({
                key: d.key,
                label: r('dimensionLabel', { name: d.name, weight: d.weight }),
                children: (
                  <Flex gap={12} wrap>
                    <span>{r('scoreOf', { score: formatScore(d.score) })}</span>
                    <Typography.Text strong>
                      {r('contributionOf', { value: formatScore(d.contribution) })}
                    </Typography.Text>
                    {d.teamAverage !== null ? (
                      <Typography.Text type="secondary">
                        {r('teamAverageShort', { value: formatScore(d.teamAverage) })}
                      </Typography.Text>
                    ) : null}
                  </Flex>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>

      <Card size="small" title={r('indicators')} style={{ marginBottom: 16 }}>
        <IndicatorTable result={res} />
      </Card>

      <div style={{ marginBottom: 16 }}>
        <ChangeCard change={res.change} total={res.total} />
      </div>

      <Card size="small" title={r('ratingChanges')} style={{ marginBottom: 16 }}>
        {res.ratingChanges.length ? (
          <Table<RatingChange>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={res.ratingChanges}
            columns={changeColumns}
            scroll={{ x: 'max-content' }}
            data-testid="result-rating-changes"
          />
        ) : (
          <Typography.Text type="secondary">{r('noRatingChanges')}</Typography.Text>
        )}
      </Card>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {r('period', { from: formatDate(res.cycle.periodStart), to: formatDate(res.cycle.periodEnd) })}
      </Typography.Paragraph>
    </div>
  );
}
