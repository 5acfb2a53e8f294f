import { DownloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Descriptions,
  Drawer,
  Empty,
  Flex,
  List,
  Space,
  Spin,
  Statistic,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../components/QueryError';
import { formatDate, formatDateTime } from '../../lib/format';
import { FailReviewModal } from './FailReviewModal';
import { IndicatorsTable } from './IndicatorsTable';
import { PassReviewModal } from './PassReviewModal';
import { type ProbationReview, useProbationReview } from './queries';
import { DaysLeft, ReviewStatusTag } from './ReviewStatus';

/** One review: the person, the probation scorecard, and the decision (or the buttons to make it). */
export function ReviewDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const review = useProbationReview(id);
  const r = review.data;
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={920}
      destroyOnHidden
      title={r ? t('probation.drawer.title', { name: r.employee.name }) : t('nav.probation')}
      data-testid="probation-drawer"
    >
      {review.isError ? (
        <QueryError error={review.error} onRetry={() => void review.refetch()} />
      ) : !r ? (
        <Spin />
      ) : (
        <ReviewBody review={r} />
      )}
    </Drawer>
  );
}

function ReviewBody({ review: r }: { review: ProbationReview }) {
  const { t } = useTranslation();
  const [passing, setPassing] = useState(false);
  const [failing, setFailing] = useState(false);
  const d = (k: string, o?: Record<string, unknown>) => t(`probation.drawer.${k}`, o);
  return (
    <>
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('probation.columns.person')}>
          {r.employee.name}
          <span className="stride-mono" style={{ marginInlineStart: 6 }}>
            {r.employee.employeeNo}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('probation.columns.unit')}>{r.unit?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('probation.columns.position')}>{r.position?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('probation.columns.hireDate')}>{formatDate(r.hireDate)}</Descriptions.Item>
        <Descriptions.Item label={t('probation.columns.probationEnd')}>
          {formatDate(r.probationEndDate)}
          {r.status === 'open' ? (
            <span style={{ marginInlineStart: 8 }}>
              <DaysLeft days={r.daysLeft} />
            </span>
          ) : null}
        </Descriptions.Item>
        <Descriptions.Item label={t('probation.columns.status')}>
          <ReviewStatusTag status={r.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('probation.columns.openedBy')}>
          {t(`probation.openedBy.${r.openedBy}`)} · {formatDateTime(r.createdAt)}
        </Descriptions.Item>
      </Descriptions>

      <Typography.Title level={5}>{d('scorecard')}</Typography.Title>
      {r.template && r.total !== null ? (
        <>
          <Flex gap={48} wrap style={{ marginBottom: 12 }}>
            <Statistic
              title={d('total')}
              value={r.total}
              suffix={r.maxTotal ? `/ ${r.maxTotal}` : undefined}
              data-testid="probation-total"
            />
            <Statistic title={d('grade')} value={r.grade ?? '—'} />
            <div>
              <Typography.Text type="secondary">{d('template')}</Typography.Text>
              <div>
                {r.template.name} · v{r.template.version}
              </div>
              <Typography.Text type="secondary">
                {d('period', { period: (r.scoredPeriodStart ?? '').slice(0, 7) })}
              </Typography.Text>
            </div>
          </Flex>
          <IndicatorsTable review={r} />
        </>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={d('noTemplate')} />
      )}

      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {d('decision')}
      </Typography.Title>
      {r.status === 'open' ? (
        <OpenActions review={r} onPass={() => setPassing(true)} onFail={() => setFailing(true)} />
      ) : null}
      {r.status === 'passed' ? (
        <Descriptions size="small" column={1} data-testid="probation-decision">
          <Descriptions.Item label={d('regularizationDate')}>{formatDate(r.regularizationDate)}</Descriptions.Item>
          <Descriptions.Item label={d('decidedBy')}>
            {r.decidedBy ?? '—'} · {formatDateTime(r.decidedAt)}
          </Descriptions.Item>
          {r.comment ? <Descriptions.Item label={d('comment')}>{r.comment}</Descriptions.Item> : null}
        </Descriptions>
      ) : null}
      {r.status === 'failed' ? <FailedDecision review={r} /> : null}
      <PassReviewModal review={passing ? r : null} onClose={() => setPassing(false)} />
      <FailReviewModal review={failing ? r : null} onClose={() => setFailing(false)} />
    </>
  );
}

function OpenActions({
  review: r,
  onPass,
  onFail,
}: {
  review: ProbationReview;
  onPass: () => void;
  onFail: () => void;
}) {
  const { t } = useTranslation();
  if (!r.canDecide) return <Typography.Text type="secondary">{t('probation.drawer.readOnly')}</Typography.Text>;
  const ended = t('probation.fail.endedReason', { date: formatDate(r.probationEndDate) });
  return (
    <>
      {r.canFail ? null : (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={ended}
          data-testid="probation-fail-blocked"
        />
      )}
      <Space wrap>
        <Button type="primary" onClick={onPass} data-testid="probation-pass">
          {t('probation.pass.action')}
        </Button>
        <Tooltip title={r.canFail ? undefined : ended}>
          <Button danger disabled={!r.canFail} onClick={onFail} data-testid="probation-fail">
            {t('probation.fail.action')}
          </Button>
        </Tooltip>
      </Space>
    </>
  );
}

function FailedDecision({ review: r }: { review: ProbationReview }) {
  const { t } = useTranslation();
  const d = (k: string) => t(`probation.drawer.${k}`);
  return (
    <div data-testid="probation-decision">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={d('decidedBy')}>
          {r.decidedBy ?? '—'} · {formatDateTime(r.decidedAt)}
        </Descriptions.Item>
        <Descriptions.Item label={d('hiringConditions')}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{r.hiringConditions}</span>
        </Descriptions.Item>
        {r.comment ? <Descriptions.Item label={d('comment')}>{r.comment}</Descriptions.Item> : null}
      </Descriptions>
      <List
        size="small"
        header={<Typography.Text strong>{d('reasons')}</Typography.Text>}
        dataSource={r.reasons}
        renderItem={(reason, i) => (
          <List.Item>
            <div>
              <Typography.Text strong>
                {i + 1}. {reason.condition}
              </Typography.Text>
              <div style={{ whiteSpace: 'pre-wrap' }}>{reason.evidence}</div>
            </div>
          </List.Item>
        )}
      />
      <Alert type="info" showIcon style={{ margin: '12px 0' }} message={d('noticeHint')} />
      {r.noticeUrl ? (
        <Button icon={<DownloadOutlined />} href={r.noticeUrl} download data-testid="probation-notice">
          {d('notice')}
        </Button>
      ) : null}
    </div>
  );
}
