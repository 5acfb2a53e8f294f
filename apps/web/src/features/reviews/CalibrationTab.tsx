import { CheckCircleFilled, EditOutlined, WarningFilled } from '@ant-design/icons';
import type { CalibrationBoard, CycleView, ParticipantRow } from '@stride/contracts';
import { Alert, Button, Card, Col, Empty, Flex, Row, Select, Table, type TableColumnsType, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../components/QueryError';
import { AdjustGradeModal } from './AdjustGradeModal';
import { GradeCell, numCell, ParticipantLink } from './bits';
import { GradeDistributionChart } from './charts';
import { formatPercentValue, formatScore, gradeRank } from './format';
import { useCalibration } from './queries';
import './reviews.css';

type GuidelineEntry = NonNullable<CalibrationBoard['guideline']>['entries'][0];

const operatorSymbols: Record<string, string> = { '<': '<', '<=': '≤', '>': '>', '>=': '≥', '=': '=' };

/** "≤ 3 people", "2–4 people": what the guideline allows, in counts for this headcount. */
function useAllowedText() {
  const { t } = useTranslation();
  return (e: GuidelineEntry) =>
    Array.isArray(e.allowed)
      ? t('reviews.calibration.allowedRange', { from: e.allowed[0], to: e.allowed[1] })
      : t('reviews.calibration.allowedBound', { op: operatorSymbols[e.operator] ?? e.operator, count: e.allowed });
}

/**
 * 绩效校准: the grade distribution of a unit beside the scale's guideline (a warning, never a block),
 * and the people, whose grades managers and HR adjust here with a reason during calibration.
 */
export function CalibrationTab({ cycle }: { cycle: CycleView }) {
  const { t } = useTranslation();
  const [unitId, setUnitId] = useState<string | null>(null);
  const [adjusting, setAdjusting] = useState<ParticipantRow | null>(null);
  const board = useCalibration(cycle.id, unitId);
  const data = board.data;
  const rankOf = useMemo(() => gradeRank(data?.grades ?? []), [data?.grades]);
  const allowedText = useAllowedText();
  const c = (k: string, o?: Record<string, unknown>) => t(`reviews.calibration.${k}`, o);

  if (board.isError) return <QueryError error={board.error} onRetry={() => void board.refetch()} />;

  const columns: TableColumnsType<ParticipantRow> = [
    {
      title: t('reviews.common.person'),
      key: 'name',
      fixed: 'left',
      sorter: (a, b) => a.employee.name.localeCompare(b.employee.name, 'zh-CN'),
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
      title: t('reviews.common.computedGrade'),
      key: 'computed',
      align: 'center',
      render: (_, r) => r.computedGrade ?? '—',
    },
    {
      title: t('reviews.common.grade'),
      key: 'grade',
      sorter: (a, b) => rankOf(b.grade ?? b.computedGrade) - rankOf(a.grade ?? a.computedGrade),
      render: (_, r) => <GradeCell grade={r.grade} computedGrade={r.computedGrade} adjusted={r.adjusted} />,
    },
    ...(data?.canAdjust
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, r: ParticipantRow) => (
              <Button
                type="link"
                size="small"
                icon={<EditOutlined />}
                onClick={() => setAdjusting(r)}
                data-testid="participant-adjust"
              >
                {c('adjust')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  const guideline = data?.guideline ?? null;

  return (
    <div data-testid="calibration-tab">
      <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
        <Select<string | null>
          allowClear
          value={unitId}
          onChange={(v) => setUnitId(v ?? null)}
          placeholder={c('allUnits')}
          style={{ width: 260, maxWidth: '100%' }}
          showSearch={{ optionFilterProp: 'label' }}
          options={(data?.units ?? []).map((u) => ({
            value: u.id,
            label: t('reviews.common.unitWithCount', { name: u.name, count: u.headcount }),
          }))}
          data-testid="calibration-unit"
        />
        {data ? (
          <Typography.Text type="secondary" data-testid="calibration-headcount">
            {t('reviews.common.people', { count: data.headcount })}
          </Typography.Text>
        ) : null}
      </Flex>

      {data && !data.canAdjust ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={cycle.stage === 'calibration' ? c('readOnlyScope') : c('readOnlyStage')}
          data-testid="calibration-readonly"
        />
      ) : null}
      {guideline?.warn ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={c('warnTitle')}
          description={c('warnText')}
          data-testid="calibration-warning"
        />
      ) : null}
      {guideline && !guideline.applies ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={c('smallTeam', { count: guideline.minHeadcount })}
          data-testid="calibration-small-team"
        />
      ) : null}

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={14}>
          <Card size="small" title={c('distribution')} loading={board.isPending}>
            {data && data.headcount > 0 ? (
              <GradeDistributionChart distribution={data.distribution} data-testid="calibration-chart" />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={c('guideline')} loading={board.isPending} data-testid="calibration-guideline">
            {guideline && guideline.entries.length > 0 ? (
              <Flex vertical gap={10}>
                {guideline.entries.map((e) => {
                  const flagged = guideline.applies && !e.ok;
                  return (
                    <Flex
                      key={`${e.grades.join('+')}${e.operator}`}
                      gap={8}
                      align="flex-start"
                      data-testid="guideline-entry"
                      data-ok={String(e.ok)}
                    >
                      {e.ok ? (
                        <CheckCircleFilled style={{ color: '#52c41a', marginTop: 4 }} />
                      ) : (
                        <WarningFilled style={{ color: flagged ? '#faad14' : '#bfbfbf', marginTop: 4 }} />
                      )}
                      <div style={{ minWidth: 0 }}>
                        <Typography.Text strong>{e.grades.join(' + ')}</Typography.Text>
                        <Typography.Text type="secondary">
                          {' · '}
                          {c('guidelineAllows', { allowed: allowedText(e) })}
                        </Typography.Text>
                        <div>
                          <Typography.Text type={flagged ? 'warning' : undefined}>
                            {c('actual', { count: e.actual, percent: formatPercentValue(e.actualPercent) })}
                          </Typography.Text>
                        </div>
                      </div>
                    </Flex>
                  );
                })}
              </Flex>
            ) : (
              <Typography.Text type="secondary" data-testid="calibration-no-guideline">
                {c('noGuideline')}
              </Typography.Text>
            )}
            {guideline ? (
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
                {c('guidelineNote', { count: guideline.minHeadcount })}
              </Typography.Paragraph>
            ) : null}
          </Card>
        </Col>
      </Row>

      <Table<ParticipantRow>
        rowKey="id"
        size="middle"
        loading={board.isPending}
        dataSource={data?.people ?? []}
        columns={columns}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
        rowClassName={(r) => (r.adjusted ? 'stride-row-adjusted' : '')}
        onRow={(r) =>
          ({
            'data-testid': `calibration-row-${r.id}`,
            'data-adjusted': String(r.adjusted),
          }) as React.HTMLAttributes<HTMLElement>
        }
        data-testid="calibration-table"
      />
      <AdjustGradeModal row={adjusting} grades={data?.grades ?? []} onClose={() => setAdjusting(null)} />
    </div>
  );
}
