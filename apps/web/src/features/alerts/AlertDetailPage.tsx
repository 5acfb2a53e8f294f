import { ArrowLeftOutlined, CheckOutlined, CloseCircleOutlined, LinkOutlined, ReadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Flex, Row, Space, Spin, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatDateTime } from '../../lib/format';
import { useCurrentUser } from '../auth/queries';
import { CreatePlanModal } from '../plans/CreatePlanModal';
import { useTrainingCourses } from '../training/queries';
import { AlertActionModal, type AlertActionMode } from './AlertActionModal';
import { AlertEvents } from './AlertEvents';
import { AlertStatusTag, formatConfidence, isLiveStatus, SeverityTag } from './bits';
import { EvidenceChart } from './EvidenceChart';
import { figureRows, formatParam, readEvidence } from './evidence';
import { useAlert } from './queries';

/** Training the evaluator suggested with its behaviour feedback (courses of the catalog mapped to the indicator). */
function suggestedCourses(feedback: unknown): { title: string; url: string }[] {
  if (typeof feedback !== 'object' || feedback === null) return [];
  const courses = (feedback as { courses?: unknown }).courses;
  if (!Array.isArray(courses)) return [];
  return courses
    .filter((c): c is { title: string; url: string } => {
      const x = c as { title?: unknown; url?: unknown } | null;
      return typeof x?.title === 'string' && typeof x?.url === 'string' && /^https?:\/\//.test(x.url);
    })
    .map((c) => ({ title: c.title, url: c.url }));
}

/** One alert: who, which rule, the evidence (chart, figures, parameters), its history and the next steps. */
export function AlertDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const role = me.user.role;
  const canAct = role !== 'employee';
  const alert = useAlert(id);
  const courses = useTrainingCourses(canAct);
  const [mode, setMode] = useState<AlertActionMode | null>(null);
  const [planning, setPlanning] = useState(false);

  const data = alert.data;
  const evidence = useMemo(() => readEvidence(data?.evidence), [data?.evidence]);
  const catalog = useMemo(() => new Map((courses.data ?? []).map((c) => [c.id, c])), [courses.data]);

  if (alert.isPending) {
    return (
      <Flex justify="center" style={{ padding: 64 }}>
        <Spin size="large" />
      </Flex>
    );
  }
  if (alert.isError || !data) return <QueryError error={alert.error} onRetry={() => void alert.refetch()} />;

  const live = isLiveStatus(data.status);
  const figures = figureRows(data.rule.kind, evidence, t);
  const params = Object.entries(evidence.params);
  const suggested = suggestedCourses(evidence.figures.feedback);
  const back = role === 'employee' ? null : () => navigate('/alerts');

  return (
    <div data-testid="alert-detail-page">
      <PageHeader
        title={
          <span data-testid="alert-detail-title">
            {data.employee.name} · {data.rule.name}
          </span>
        }
        subtitle={t(`alerts.kinds.${data.rule.kind}`, { defaultValue: data.rule.kind })}
        extra={
          <>
            {back ? (
              <Button icon={<ArrowLeftOutlined />} onClick={back}>
                {t('alerts.detail.back')}
              </Button>
            ) : null}
            {canAct && data.status === 'open' ? (
              <Button icon={<CheckOutlined />} onClick={() => setMode('acknowledge')} data-testid="alert-acknowledge">
                {t('alerts.actions.acknowledge')}
              </Button>
            ) : null}
            {canAct && live ? (
              <Button icon={<LinkOutlined />} onClick={() => setMode('action')} data-testid="alert-link-action">
                {t('alerts.actions.linkAction')}
              </Button>
            ) : null}
            {canAct && live ? (
              <Button onClick={() => setPlanning(true)} data-testid="alert-create-plan">
                {t('plans.create')}
              </Button>
            ) : null}
            {canAct && live ? (
              <Button
                type="primary"
                icon={<CloseCircleOutlined />}
                onClick={() => setMode('resolve')}
                data-testid="alert-resolve"
              >
                {t('alerts.actions.resolve')}
              </Button>
            ) : null}
          </>
        }
      />
      <Alert
        type={live ? (data.severity === 'high' ? 'error' : 'warning') : 'success'}
        showIcon
        title={<span data-testid="alert-summary">{data.summary}</span>}
        style={{ marginBottom: 16 }}
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('alerts.columns.person')}>
            <Link to={`/people/${data.employee.id}`} data-testid="alert-person">
              {data.employee.name}
            </Link>
            <Typography.Text type="secondary" className="stride-mono" style={{ marginInlineStart: 6 }}>
              {data.employee.employeeNo}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('alerts.columns.unit')}>{data.unit?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('alerts.columns.rule')}>
            {role === 'admin' || role === 'hr' ? (
              <Link to={`/alert-rules?edit=${data.rule.id}`}>{data.rule.name}</Link>
            ) : (
              data.rule.name
            )}
            <Typography.Text type="secondary"> · v{data.ruleVersion}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('alerts.columns.severity')}>
            <SeverityTag severity={data.severity} />
          </Descriptions.Item>
          <Descriptions.Item label={t('alerts.columns.status')}>
            <span data-testid="alert-detail-status">
              <AlertStatusTag status={data.status} />
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('alerts.columns.confidence')}>
            <span data-testid="alert-confidence">{formatConfidence(data.confidence)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('alerts.columns.onset')}>{data.onsetPeriod ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('alerts.detail.period')}>{data.period ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('alerts.columns.raisedAt')}>{formatDateTime(data.raisedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('alerts.detail.evaluatedAt')}>
            {formatDateTime(data.evaluatedAt)}
          </Descriptions.Item>
          {data.acknowledgedAt ? (
            <Descriptions.Item label={t('alerts.detail.acknowledgedAt')}>
              {formatDateTime(data.acknowledgedAt)}
            </Descriptions.Item>
          ) : null}
          {data.resolvedAt ? (
            <Descriptions.Item label={t('alerts.detail.resolvedAt')}>
              {formatDateTime(data.resolvedAt)}
            </Descriptions.Item>
          ) : null}
          {data.resolutionNote ? (
            <Descriptions.Item label={t('alerts.detail.resolutionNote')} span={3}>
              {data.status === 'auto_resolved'
                ? t(`alerts.enums.${data.resolutionNote}`, { defaultValue: data.resolutionNote })
                : data.resolutionNote}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      <Card size="small" title={t('alerts.detail.evidence')} style={{ marginBottom: 16 }}>
        <EvidenceChart kind={data.rule.kind} evidence={evidence} />
      </Card>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('alerts.detail.figures')} style={{ height: '100%' }}>
            <Table
              size="small"
              rowKey="key"
              pagination={false}
              showHeader={false}
              dataSource={[
                ...figures,
                ...(evidence.metric
                  ? [{ key: '__metric', label: t('alerts.detail.metric'), value: evidence.metric.name }]
                  : []),
                {
                  key: '__confidence',
                  label: t('alerts.columns.confidence'),
                  value: formatConfidence(data.confidence),
                },
              ]}
              columns={[
                {
                  dataIndex: 'label',
                  width: '45%',
                  render: (v: string) => <Typography.Text type="secondary">{v}</Typography.Text>,
                },
                { dataIndex: 'value' },
              ]}
              data-testid="alert-figures"
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('alerts.detail.params')} style={{ height: '100%' }}>
            {params.length ? (
              <Table
                size="small"
                rowKey="0"
                pagination={false}
                showHeader={false}
                dataSource={params}
                columns={[
                  {
                    key: 'label',
                    width: '45%',
                    render: (_, [key]) => (
                      <Typography.Text type="secondary">
                        {t(`alerts.params.${key}.label`, { defaultValue: key })}
                      </Typography.Text>
                    ),
                  },
                  { key: 'value', render: (_, [key, value]) => formatParam(key, value, t) },
                ]}
                data-testid="alert-params"
              />
            ) : (
              <Typography.Text type="secondary">{t('alerts.detail.noParams')}</Typography.Text>
            )}
          </Card>
        </Col>
      </Row>
      {suggested.length ? (
        <Card size="small" title={t('alerts.detail.suggestedCourses')} style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t('alerts.detail.suggestedCoursesHint')}
          </Typography.Paragraph>
          <Space orientation="vertical" size={4} data-testid="alert-suggested-courses">
            {suggested.map((c) => (
              <a key={c.url} href={c.url} target="_blank" rel="noreferrer">
                <ReadOutlined /> {c.title}
              </a>
            ))}
          </Space>
        </Card>
      ) : null}
      <Card size="small" title={t('alerts.detail.events')}>
        <AlertEvents events={data.events ?? []} catalog={catalog} />
      </Card>
      <AlertActionModal
        mode={mode}
        alert={data}
        onClose={() => setMode(null)}
        onConflict={() => void alert.refetch()}
      />
      {canAct ? (
        <CreatePlanModal
          open={planning}
          source="alert"
          alertId={data.id}
          employee={{ id: data.employee.id, name: data.employee.name }}
          onClose={() => setPlanning(false)}
          onCreated={(id) => {
            setPlanning(false);
            navigate(`/plans/${id}`);
          }}
        />
      ) : null}
    </div>
  );
}
