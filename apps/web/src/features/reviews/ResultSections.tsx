import type { PersonResult } from '@stride/contracts';
import { Card, Col, Empty, Flex, Row, Statistic, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { numCell, Signed } from './bits';
import { formatPercentValue, formatScore, signOf } from './format';
import { ReviewChart, type ReviewChartOption } from './ReviewChart';

type Indicator = PersonResult['indicators'][0];
type ChangeRow = NonNullable<PersonResult['change']>['indicators'][0];

/** Dimension scores of the person against the team average, on one radar. */
export function DimensionRadar({ result }: { result: PersonResult }) {
  const { t } = useTranslation();
  const option: ReviewChartOption = useMemo(() => {
    const dims = result.dimensions;
    const values = dims.flatMap((d) => [Number(d.score), Number(d.teamAverage ?? 0)]);
    const max = Math.max(100, ...values);
    const hasTeam = dims.some((d) => d.teamAverage !== null);
    return {
      color: ['#2f54eb', '#fa8c16'],
      tooltip: { confine: true },
      legend: { bottom: 0, data: [t('reviews.result.me'), ...(hasTeam ? [t('reviews.result.teamAverage')] : [])] },
      radar: {
        indicator: dims.map((d) => ({ name: d.name, max })),
        radius: '62%',
        center: ['50%', '48%'],
        axisName: { color: '#595959' },
      },
      series: [
        {
          type: 'radar',
          data: [
            {
              name: t('reviews.result.me'),
              value: dims.map((d) => Number(d.score)),
              areaStyle: { opacity: 0.18 },
              symbolSize: 5,
            },
            ...(hasTeam
              ? [
                  {
                    name: t('reviews.result.teamAverage'),
                    value: dims.map((d) => Number(d.teamAverage ?? 0)),
                    lineStyle: { type: 'dashed' as const },
                    symbolSize: 4,
                  },
                ]
              : []),
          ],
        },
      ],
    };
  }, [result.dimensions, t]);
  if (result.dimensions.length < 3) {
    // A radar needs three axes; fewer dimensions read better as plain numbers.
    return (
      <Flex gap={32} wrap>
        {result.dimensions.map((d) => (
          <Statistic
            key={d.key}
            title={d.name}
            value={formatScore(d.score)}
            suffix={
              d.teamAverage !== null ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('reviews.result.teamAverageShort', { value: formatScore(d.teamAverage) })}
                </Typography.Text>
              ) : null
            }
          />
        ))}
      </Flex>
    );
  }
  return <ReviewChart option={option} height={300} data-testid="result-radar" />;
}

/** Each indicator: actual, target, attainment, score, weight, contribution, and the team's average score. */
export function IndicatorTable({ result }: { result: PersonResult }) {
  const { t } = useTranslation();
  const dimName = useMemo(() => new Map(result.dimensions.map((d) => [d.key, d.name])), [result.dimensions]);
  const r = (k: string, o?: Record<string, unknown>) => t(`reviews.result.${k}`, o);
  const columns: TableColumnsType<Indicator> = [
    {
      title: r('indicator'),
      key: 'name',
      fixed: 'left',
      render: (_, i) => (
        <span>
          {i.name ?? i.key}
          {i.missing ? (
            <Tooltip title={r(`missing.${i.missing}`, { defaultValue: i.missing })}>
              <Tag color="orange" bordered={false} style={{ marginInlineStart: 6 }}>
                {r('noData')}
              </Tag>
            </Tooltip>
          ) : null}
        </span>
      ),
    },
    {
      title: r('dimension'),
      key: 'dimension',
      render: (_, i) => <Tag bordered={false}>{dimName.get(i.dimension) ?? i.dimension}</Tag>,
    },
    {
      title: r('actual'),
      key: 'actual',
      align: 'right',
      render: (_, i) => <span style={numCell}>{i.actual ?? '—'}</span>,
    },
    {
      title: r('target'),
      key: 'target',
      align: 'right',
      render: (_, i) =>
        i.target === null ? (
          '—'
        ) : (
          <span style={numCell}>
            {i.target}
            {i.targetSource === 'personal' ? (
              <Tag bordered={false} color="geekblue" style={{ marginInlineStart: 6, marginInlineEnd: 0 }}>
                {r('personalTarget')}
              </Tag>
            ) : null}
          </span>
        ),
    },
    {
      title: r('attainment'),
      key: 'attainment',
      align: 'right',
      render: (_, i) =>
        i.attainment === null ? (
          '—'
        ) : (
          <Typography.Text type={Number(i.attainment) >= 100 ? 'success' : undefined} style={numCell}>
            {formatPercentValue(i.attainment)}
          </Typography.Text>
        ),
    },
    {
      title: r('score'),
      key: 'score',
      align: 'right',
      render: (_, i) => <span style={numCell}>{formatScore(i.score)}</span>,
    },
    { title: r('weight'), key: 'weight', align: 'right', render: (_, i) => <span style={numCell}>{i.weight}</span> },
    {
      title: r('contribution'),
      key: 'contribution',
      align: 'right',
      render: (_, i) => (
        <Typography.Text strong style={numCell}>
          {formatScore(i.contribution)}
        </Typography.Text>
      ),
    },
    {
      title: r('teamAverage'),
      key: 'teamAverage',
      align: 'right',
      render: (_, i) => {
        if (i.teamAverage === null) return '—';
        const diff = Number(i.score) - Number(i.teamAverage);
        return (
          <Tooltip title={r('vsTeam', { diff: diff >= 0 ? `+${diff.toFixed(2)}` : `−${Math.abs(diff).toFixed(2)}` })}>
            <span style={numCell}>{formatScore(i.teamAverage)}</span>
          </Tooltip>
        );
      },
    },
  ];
  return (
    <Table<Indicator>
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={result.indicators}
      columns={columns}
      scroll={{ x: 'max-content' }}
      data-testid="result-indicators"
    />
  );
}

/** The change since the previous cycle, split exactly into each indicator's score and weight effects. */
export function ChangeCard({ change, total }: { change: PersonResult['change']; total: string }) {
  const { t } = useTranslation();
  const r = (k: string, o?: Record<string, unknown>) => t(`reviews.result.change.${k}`, o);
  const rows = useMemo(
    () =>
      [...(change?.indicators ?? [])].sort(
        (a, b) => Math.abs(Number(b.contribution)) - Math.abs(Number(a.contribution)),
      ),
    [change],
  );
  const option: ReviewChartOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((i) => i.name ?? i.key),
        axisTick: { show: false },
      },
      xAxis: { type: 'value' },
      series: [
        {
          type: 'bar',
          name: t('reviews.result.change.contribution'),
          barMaxWidth: 16,
          label: { show: true, position: 'right', formatter: (p) => formatSignedPlain(Number(p.value)) },
          data: rows.map((i) => ({
            value: Number(i.contribution),
            itemStyle: { color: signOf(i.contribution) >= 0 ? '#52c41a' : '#f5222d' },
          })),
        },
      ],
    }),
    [rows, t],
  );
  if (!change) {
    return (
      <Card size="small" title={r('title')}>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={r('none')} />
      </Card>
    );
  }
  const columns: TableColumnsType<ChangeRow> = [
    {
      title: t('reviews.result.indicator'),
      key: 'name',
      render: (_, i) => (
        <span>
          {i.name ?? i.key}
          {i.presentIn !== 'both' ? (
            <Tag
              bordered={false}
              color={i.presentIn === 'current' ? 'blue' : 'default'}
              style={{ marginInlineStart: 6 }}
            >
              {r(`presentIn.${i.presentIn}`)}
            </Tag>
          ) : null}
        </span>
      ),
    },
    { title: r('scoreEffect'), key: 'score', align: 'right', render: (_, i) => <Signed value={i.scoreEffect} /> },
    { title: r('weightEffect'), key: 'weight', align: 'right', render: (_, i) => <Signed value={i.weightEffect} /> },
    {
      title: r('contribution'),
      key: 'contribution',
      align: 'right',
      render: (_, i) => <Signed value={i.contribution} strong />,
    },
  ];
  return (
    <Card size="small" title={r('title')} data-testid="result-change">
      <Flex gap={32} wrap style={{ marginBottom: 12 }}>
        <Statistic
          title={r('previous', { name: change.previousCycle.name })}
          value={formatScore(change.previousTotal)}
        />
        <Statistic title={r('current')} value={formatScore(total)} />
        <div>
          <Typography.Text type="secondary">{r('total')}</Typography.Text>
          <div style={{ fontSize: 24 }} data-testid="result-total-change">
            <Signed value={change.totalChange} strong />
          </div>
        </div>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {r('explain')}
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Table<ChangeRow>
            rowKey="key"
            size="small"
            pagination={false}
            dataSource={rows}
            columns={columns}
            scroll={{ x: 'max-content' }}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <Typography.Text strong>{r('total')}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1} colSpan={2} />
                <Table.Summary.Cell index={3} align="right">
                  <Signed value={change.totalChange} strong />
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
            data-testid="result-change-table"
          />
        </Col>
        <Col xs={24} lg={12}>
          <ReviewChart
            option={option}
            height={Math.max(160, rows.length * 32 + 24)}
            data-testid="result-change-chart"
          />
        </Col>
      </Row>
    </Card>
  );
}

function formatSignedPlain(n: number): string {
  if (Math.abs(n) < 0.005) return '0.00';
  return n > 0 ? `+${n.toFixed(2)}` : `−${Math.abs(n).toFixed(2)}`;
}
