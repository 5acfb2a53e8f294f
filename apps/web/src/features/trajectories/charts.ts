/** The parts of ECharts the trajectory charts add to the shared set: marker lines, points and shaded areas. */
import { MarkAreaComponent, MarkLineComponent, MarkPointComponent } from 'echarts/components';
import { echarts } from '../metrics/echarts';

echarts.use([MarkLineComponent, MarkPointComponent, MarkAreaComponent]);

export { Chart } from '../metrics/Chart';
export type { ChartClickEvent, ChartOption } from '../metrics/echarts';

/** Series colours, in the order Stride's other charts use them. */
export const palette = ['#2f54eb', '#13c2c2', '#fa8c16', '#52c41a', '#eb2f96', '#722ed1', '#faad14', '#1677ff'];

/** The period (of `periods`, oldest first) a date falls in: the last period start on or before it. */
export function periodOfDate(periods: readonly string[], date: string): string | null {
  let found: string | null = null;
  for (const p of periods) {
    if (p <= date) found = p;
    else break;
  }
  return found;
}
