import type { TrajectoryMetric, TrajectoryStatReason } from '@stride/contracts';
import { Card, Col, Row, Table, type TableColumnsType, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import i18n from '../../i18n';
import { formatMetricValue, formatPercent } from '../metrics/format';

/** Red when the person slowed down after regularization by this much or more (the alert rule's default drop). */
const SLACK_WARN = 0.3;

function Reason({ reason }: { reason: TrajectoryStatReason | null }) {
  const { t } = useTranslation();
  return (
    <Typography.Text type="secondary" style={{ fontSize: 13 }}>
      {reason ? t(`insights.trajectory.reasons.${reason}`) : '—'}
    </Typography.Text>
  );
}

/** "+¥1,234.00" / "−0.35": a signed change per month; counts keep two decimals (0.35 visits a month is a trend). */
function signed(value: string, unit: TrajectoryMetric['unit']): string {
  const n = Number(value);
  const text =
    unit === 'count' || unit === 'score'
      ? new Intl.NumberFormat(i18n.language === 'en-US' ? 'en-US' : 'zh-CN', { maximumFractionDigits: 2 }).format(
          Math.abs(n),
        )
      : formatMetricValue(Math.abs(n), unit);
  return n > 0 ? `+${text}` : n < 0 ? `−${text}` : text;
}

function Kpi(props: { title: string; help: string; value: ReactNode; detail?: ReactNode; testId: string }) {
  return (
    <Card size="small" style={{ height: '100%' }} data-testid={props.testId}>
      <Typography.Text type="secondary">{props.title}</Typography.Text>
      <div style={{ fontSize: 22, fontWeight: 600, margin: '4px 0', fontVariantNumeric: 'tabular-nums' }}>
        {props.value}
      </div>
      {props.detail ? <div style={{ fontSize: 12, marginBottom: 4 }}>{props.detail}</div> : null}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }}>
        {props.help}
      </Typography.Paragraph>
    </Card>
  );
}

/** Growth speed, volatility and slack index of one metric, each with what it means. */
export function TrajectoryKpis({ metric, window }: { metric: TrajectoryMetric; window: number }) {
  const { t } = useTranslation();
  const s = metric.stats;
  const slack = s.slackIndex === null ? null : Number(s.slackIndex);
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} md={8}>
        <Kpi
          testId="trajectory-growth"
          title={t('insights.trajectory.growth')}
          help={t('insights.trajectory.growthHelp')}
          value={
            s.growthSpeed === null ? (
              <Reason reason={s.growthReason} />
            ) : (
              t('insights.trajectory.perMonth', { value: signed(s.growthSpeed, metric.unit) })
            )
          }
          detail={
            s.growthRelative !== null ? (
              <Typography.Text type="secondary">
                {t('insights.trajectory.relative', { value: formatPercent(s.growthRelative) })} ·{' '}
                {t('insights.trajectory.monthsUsed', { n: s.growthMonths })}
              </Typography.Text>
            ) : null
          }
        />
      </Col>
      <Col xs={24} md={8}>
        <Kpi
          testId="trajectory-volatility"
          title={t('insights.trajectory.volatility')}
          help={t('insights.trajectory.volatilityHelp')}
          value={s.volatility === null ? <Reason reason={s.volatilityReason} /> : formatPercent(s.volatility)}
        />
      </Col>
      <Col xs={24} md={8}>
        <Kpi
          testId="trajectory-slack"
          title={t('insights.trajectory.slack')}
          help={t('insights.trajectory.slackHelp', { n: window })}
          value={
            slack === null ? (
              <Reason reason={s.slackReason} />
            ) : (
              <span
                data-testid="trajectory-slack-value"
                style={{ color: slack >= SLACK_WARN ? '#cf1322' : slack < 0 ? '#389e0d' : undefined }}
              >
                {formatPercent(slack)}
              </span>
            )
          }
          detail={
            s.probationMean !== null && s.postMean !== null ? (
              <Typography.Text type="secondary">
                {t('insights.trajectory.slackDetail', {
                  probation: formatMetricValue(s.probationMean, metric.unit),
                  post: formatMetricValue(s.postMean, metric.unit),
                })}
              </Typography.Text>
            ) : null
          }
        />
      </Col>
    </Row>
  );
}

/** The three indicators for every metric on the chart. */
export function TrajectorySummary({ metrics, onPick }: { metrics: TrajectoryMetric[]; onPick: (key: string) => void }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<TrajectoryMetric> = [
    {
      title: t('insights.trajectory.metric'),
      key: 'name',
      render: (_, m) => (
        <Typography.Link onClick={() => onPick(m.key)} data-testid={`trajectory-summary-${m.key}`}>
          {m.name}
        </Typography.Link>
      ),
    },
    {
      title: t('insights.trajectory.growth'),
      key: 'growth',
      align: 'right',
      render: (_, m) =>
        m.stats.growthSpeed === null ? (
          <Reason reason={m.stats.growthReason} />
        ) : (
          t('insights.trajectory.perMonth', { value: signed(m.stats.growthSpeed, m.unit) })
        ),
    },
    {
      title: t('insights.trajectory.volatility'),
      key: 'volatility',
      align: 'right',
      render: (_, m) =>
        m.stats.volatility === null ? <Reason reason={m.stats.volatilityReason} /> : formatPercent(m.stats.volatility),
    },
    {
      title: t('insights.trajectory.slack'),
      key: 'slack',
      align: 'right',
      render: (_, m) =>
        m.stats.slackIndex === null ? (
          <Reason reason={m.stats.slackReason} />
        ) : (
          <Tooltip title={t('insights.trajectory.slackMonths', { months: m.stats.postMonths.length })}>
            <span style={{ color: Number(m.stats.slackIndex) >= SLACK_WARN ? '#cf1322' : undefined }}>
              {formatPercent(m.stats.slackIndex)}
            </span>
          </Tooltip>
        ),
    },
  ];
  return (
    <Table<TrajectoryMetric>
      rowKey="key"
      size="small"
      columns={columns}
      dataSource={metrics}
      pagination={false}
      scroll={{ x: 640 }}
      data-testid="trajectory-summary"
    />
  );
}
