import ReactEChartsCoreModule from 'echarts-for-react/lib/core';
import { useMemo } from 'react';
import { type ChartClickEvent, type ChartOption, echarts } from './echarts';

// echarts-for-react/lib is CommonJS: depending on the bundler's interop the default export may arrive wrapped.
const ReactEChartsCore =
  (ReactEChartsCoreModule as unknown as { default?: typeof ReactEChartsCoreModule }).default ?? ReactEChartsCoreModule;

interface ChartProps {
  option: ChartOption;
  height?: number;
  onClick?: (event: ChartClickEvent) => void;
  'data-testid'?: string;
}

/** Thin wrapper over echarts-for-react's core build, so only the registered charts ship. */
export function Chart({ option, height = 320, onClick, ...rest }: ChartProps) {
  const events = useMemo(() => (onClick ? { click: (e: ChartClickEvent) => onClick(e) } : undefined), [onClick]);
  return (
    <div data-testid={rest['data-testid']}>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        notMerge
        lazyUpdate
        style={{ height, width: '100%' }}
        onEvents={events}
      />
    </div>
  );
}
