import type { ExitAnalysis } from '@stride/contracts';
import { Alert, Card, DatePicker, Empty, Flex, Skeleton, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../components/QueryError';
import { ReviewChart } from '../reviews/ReviewChart';
import { useExitAnalysis } from './queries';

type Person = ExitAnalysis['people'][number];

/** 离职分析: what the people who left lacked, against their cohort and against stayers, per position. */
export function ExitAnalysisTab() {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(12, 'month').startOf('month'), dayjs()]);
  const q = useExitAnalysis({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') });

  let body = null;
  if (q.error) body = <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  else if (q.isPending) body = <Skeleton active paragraph={{ rows: 6 }} />;
  else if (!q.data.people.length) body = <Empty description={t('talent.exits.empty')} />;
  else {
    const data = q.data;
    const labels = data.byPosition.flatMap((g) => [
      ...g.metrics.map((m) => `${g.position?.name ?? t('talent.exits.noPosition')} · ${m.name}`),
    ]);
    const values = data.byPosition.flatMap((g) => g.metrics.map((m) => Number(m.averageGapPercent)));
    body = (
      <Flex vertical gap={16}>
        {values.length ? (
          <Card size="small" title={t('talent.exits.chart')}>
            <ReviewChart
              height={Math.max(200, labels.length * 32 + 60)}
              data-testid="exit-chart"
              option={{
                tooltip: {},
                grid: { left: 200, right: 24, top: 16, bottom: 24 },
                xAxis: { type: 'value', name: '%' },
                yAxis: { type: 'category', data: labels },
                series: [
                  {
                    type: 'bar',
                    name: t('talent.exits.metricGap'),
                    data: values.map((v) => ({ value: v, itemStyle: { color: v < 0 ? '#ff7875' : '#95de64' } })),
                  },
                ],
              }}
            />
          </Card>
        ) : null}
        <Card size="small" title={t('talent.exits.byPosition')}>
          <Table
            size="small"
            pagination={false}
            rowKey={(g) => g.position?.id ?? '-'}
            dataSource={data.byPosition}
            columns={[
              {
                title: t('talent.succession.position'),
                key: 'p',
                render: (_, g) => g.position?.name ?? t('talent.exits.noPosition'),
              },
              { title: t('talent.exits.leavers'), dataIndex: 'leavers' },
              {
                title: t('talent.exits.metricGap'),
                key: 'm',
                render: (_, g) => (
                  <Flex gap={4} wrap>
                    {g.metrics.map((m) => (
                      <Tag key={m.key} color={Number(m.averageGapPercent) < 0 ? 'red' : 'green'}>
                        {m.name} {m.averageGapPercent}%
                      </Tag>
                    ))}
                  </Flex>
                ),
              },
              {
                title: t('talent.exits.competencyGap'),
                key: 'c',
                render: (_, g) => (
                  <Flex gap={4} wrap>
                    {g.competencies.map((c) => (
                      <Tag key={c.key} color={Number(c.averageGap) < 0 ? 'red' : 'green'}>
                        {c.name} {c.averageGap}
                      </Tag>
                    ))}
                  </Flex>
                ),
              },
            ]}
          />
        </Card>
        <Table
          size="small"
          rowKey={(p) => p.employee.id}
          dataSource={data.people}
          pagination={{ pageSize: 20 }}
          data-testid="exit-table"
          columns={[
            { title: t('talent.reserve.person'), key: 'n', render: (_, p: Person) => p.employee.name },
            { title: t('talent.succession.position'), key: 'pos', render: (_, p: Person) => p.position?.name ?? '—' },
            { title: t('talent.exits.exitDate'), dataIndex: 'exitDate' },
            { title: t('talent.exits.lastGrade'), dataIndex: 'lastGrade', render: (g: string | null) => g ?? '—' },
            {
              title: t('talent.exits.metrics'),
              key: 'm',
              render: (_, p: Person) => (
                <Flex vertical>
                  {p.metrics.map((m) => (
                    <Typography.Text key={m.key} type={Number(m.gap) < 0 ? 'danger' : undefined}>
                      {m.name}: {m.value} / {m.reference}
                    </Typography.Text>
                  ))}
                </Flex>
              ),
            },
            {
              title: t('talent.exits.competencies'),
              key: 'c',
              render: (_, p: Person) => (
                <Flex vertical>
                  {p.competencies.map((c) => (
                    <Typography.Text key={c.key} type={Number(c.gap) < 0 ? 'danger' : undefined}>
                      {c.name}: {c.value} / {c.reference}
                    </Typography.Text>
                  ))}
                </Flex>
              ),
            },
          ]}
        />
      </Flex>
    );
  }

  return (
    <Flex vertical gap={12}>
      <Flex gap={8} align="center" wrap>
        <span>{t('talent.exits.range')}</span>
        <DatePicker.RangePicker
          value={range}
          allowClear={false}
          onChange={(v) => {
            if (v?.[0] && v[1]) setRange([v[0], v[1]]);
          }}
        />
      </Flex>
      <Alert type="info" showIcon message={t('talent.exits.explain')} />
      {body}
    </Flex>
  );
}
