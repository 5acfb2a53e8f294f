import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPercentValue } from './format';
import { ReviewChart, type ReviewChartOption } from './ReviewChart';

interface DistributionEntry {
  grade: string;
  count: number;
  percent?: string;
}

/** Headcount per grade as bars, best grade first, each labelled with its count and share. */
export function GradeDistributionChart({
  distribution,
  height = 240,
  'data-testid': testId,
}: {
  distribution: DistributionEntry[];
  height?: number;
  'data-testid'?: string;
}) {
  const { t } = useTranslation();
  const option: ReviewChartOption = useMemo(
    () => ({
      color: ['#2f54eb'],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: distribution.map((d) => d.grade), axisTick: { show: false } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('reviews.common.headcount'),
          barMaxWidth: 48,
          label: {
            show: true,
            position: 'top',
            formatter: (p) => {
              const d = distribution[p.dataIndex];
              return d?.percent !== undefined
                ? `${d.count} (${formatPercentValue(d.percent)})`
                : String(d?.count ?? '');
            },
          },
          data: distribution.map((d) => d.count),
        },
      ],
    }),
    [distribution, t],
  );
  return <ReviewChart option={option} height={height} data-testid={testId} />;
}
