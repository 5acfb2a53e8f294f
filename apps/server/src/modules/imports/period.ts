// The one implementation lives with the metrics; imports name periods the same way.
export { type PeriodTypeName, periodStartOf } from '../metrics/periods';
