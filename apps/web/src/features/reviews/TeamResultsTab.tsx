import type { CycleView, ParticipantRow, TeamResult } from '@stride/contracts';
import { Card, Col, Empty, Flex, Row, Statistic, Table, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../components/QueryError';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { ExportButton, GradeCell, numCell, ParticipantLink } from './bits';
import { GradeDistributionChart } from './charts';
import { formatScore, gradeRank, gradesOfScale } from './format';
import { exportUrls, useTeamResult } from './queries';
import { ReviewChart, type ReviewChartOption } from './ReviewChart';

const gradePalette = ['#237804', '#52c41a', '#2f54eb', '#fa8c16', '#cf1322', '#8c8c8c', '#722ed1'];

/** The unit's average over the organization's cycles as a line, over its grade mix as stacked bars. */
function TrendChart({ trend, grades }: { trend: TeamResult['trend']; grades: string[] }) {
  const { t } = useTranslation();
  const option: ReviewChartOption = useMemo(() => {
    const all = [...grades];
    for (const p of trend) for (const d of p.distribution) if (!all.includes(d.grade)) all.push(d.grade);
    return {
      color: [...all.map((_, i) => gradePalette[i % gradePalette.length]), '#1d39c4'],
      tooltip: { trigger: 'axis', confine: true },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 8, right: 8, top: 28, bottom: 36, containLabel: true },
      xAxis: { type: 'category', data: trend.map((p) => p.name), axisLabel: { hideOverlap: true } },
      yAxis: [
        { type: 'value', name: t('reviews.common.headcount'), minInterval: 1 },
        { type: 'value', name: t('reviews.team.average'), scale: true, splitLine: { show: false } },
      ],
      series: [
        ...all.map((g) => ({
          type: 'bar' as const,
          name: g,
          stack: 'grades',
          barMaxWidth: 36,
          data: trend.map((p) => p.distribution.find((d) => d.grade === g)?.count ?? 0),
        })),
        {
          type: 'line' as const,
          name: t('reviews.team.average'),
          yAxisIndex: 1,
          smooth: true,
          symbolSize: 7,
          data: trend.map((p) => (p.average === null ? null : Number(p.average))),
        },
      ],
    };
  }, [trend, grades, t]);
  return <ReviewChart option={option} height={300} data-testid="team-trend-chart" />;
}

/** 团队结果: a unit's distribution, average, people, and trend across cycles; exportable as XLSX. */
export function TeamResultsTab({ cycle }: { cycle: CycleView }) {
  const { t } = useTranslation();
  const [unitId, setUnitId] = useState<string | null>(null);
  const team = useTeamResult(cycle.id, unitId);
  const grades = useMemo(() => gradesOfScale(cycle.gradeScale), [cycle.gradeScale]);
  const rankOf = useMemo(() => gradeRank(grades), [grades]);
  const data = team.data;

  const columns: TableColumnsType<ParticipantRow> = [
    {
      title: '#',
      key: 'rank',
      width: 48,
      render: (_, __, i) => i + 1,
    },
    {
      title: t('reviews.common.person'),
      key: 'name',
      render: (_, r) => <ParticipantLink row={r} />,
    },
    { title: t('fields.unit'), key: 'unit', render: (_, r) => r.unit.name },
    {
      title: t('reviews.common.total'),
      key: 'total',
      align: 'right',
      defaultSortOrder: 'descend',
      sorter: (a, b) => Number(a.total) - Number(b.total),
      render: (_, r) => <span style={numCell}>{formatScore(r.total)}</span>,
    },
    {
      title: t('reviews.common.grade'),
      key: 'grade',
      sorter: (a, b) => rankOf(b.grade ?? b.computedGrade) - rankOf(a.grade ?? a.computedGrade),
      render: (_, r) => <GradeCell grade={r.grade} computedGrade={r.computedGrade} adjusted={r.adjusted} />,
    },
    {
      title: t('reviews.common.coefficient'),
      key: 'coefficient',
      align: 'right',
      render: (_, r) => <span style={numCell}>{r.bonusCoefficient ?? '—'}</span>,
    },
  ];

  return (
    <div data-testid="team-results-tab">
      <Flex gap={12} wrap align="center" justify="space-between" style={{ marginBottom: 12 }}>
        <UnitTreeSelect
          value={unitId}
          onChange={setUnitId}
          placeholder={t('reviews.common.allUnits')}
          style={{ width: 240, maxWidth: '100%' }}
          data-testid="team-unit"
        />
        <ExportButton href={exportUrls.results(cycle.id, unitId)} testId="results-export">
          {t('reviews.team.export')}
        </ExportButton>
      </Flex>
      {team.isError ? (
        <QueryError error={team.error} onRetry={() => void team.refetch()} />
      ) : (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}>
              <Card size="small" loading={team.isPending}>
                <Statistic
                  title={t('reviews.common.headcount')}
                  value={data?.headcount ?? 0}
                  data-testid="team-headcount"
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small" loading={team.isPending}>
                <Statistic
                  title={t('reviews.team.average')}
                  value={data?.average === null || data?.average === undefined ? '—' : formatScore(data.average)}
                  data-testid="team-average"
                />
              </Card>
            </Col>
            <Col xs={24} md={12}>
              <Card size="small" title={t('reviews.team.distribution')} loading={team.isPending}>
                {data && data.headcount > 0 ? (
                  <GradeDistributionChart distribution={data.distribution} height={180} data-testid="team-chart" />
                ) : (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
                )}
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t('reviews.team.trend')} style={{ marginBottom: 16 }} loading={team.isPending}>
            {data && data.trend.length > 0 ? (
              <TrendChart trend={data.trend} grades={grades} />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reviews.team.noTrend')} />
            )}
          </Card>
          <Table<ParticipantRow>
            rowKey="id"
            size="middle"
            loading={team.isPending}
            dataSource={data?.people ?? []}
            columns={columns}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
            scroll={{ x: 'max-content' }}
            data-testid="team-table"
          />
        </>
      )}
    </div>
  );
}
