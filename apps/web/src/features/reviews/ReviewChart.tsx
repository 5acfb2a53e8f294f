import type { RadarSeriesOption } from 'echarts/charts';
import { RadarChart } from 'echarts/charts';
import type { RadarComponentOption } from 'echarts/components';
import { RadarComponent } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import ReactEChartsCoreModule from 'echarts-for-react/lib/core';
import { type ChartOption, echarts } from '../metrics/echarts';

// The review pages draw radars beside the bars and lines the metrics module registers.
echarts.use([RadarChart, RadarComponent]);

export type ReviewChartOption = ChartOption | ComposeOption<RadarSeriesOption | RadarComponentOption>;

// echarts-for-react/lib is CommonJS: depending on the bundler's interop the default export may arrive wrapped.
const ReactEChartsCore =
  (ReactEChartsCoreModule as unknown as { default?: typeof ReactEChartsCoreModule }).default ?? ReactEChartsCoreModule;

/** A chart of the review pages (bars, lines, radar), drawn with the tree-shaken ECharts build. */
export function ReviewChart({
  option,
  height = 280,
  ...rest
}: {
  option: ReviewChartOption;
  height?: number;
  'data-testid'?: string;
}) {
  return (
    <div data-testid={rest['data-testid']}>
      <ReactEChartsCore echarts={echarts} option={option} notMerge lazyUpdate style={{ height, width: '100%' }} />
    </div>
  );
}
