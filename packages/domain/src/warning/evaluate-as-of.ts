import type { SeriesPoint, Signal } from './types';

/**
 * Runs a detector on the points up to and including asOfPeriod, as it would have run then: for back-testing
 * a rule over past periods without lookahead. Periods compare as strings (ISO dates order correctly);
 * points after asOfPeriod are dropped wherever they sit in the array.
 *
 * `T` lets a caller keep a detector's narrower return type; it defaults to Signal.
 */
export function evaluateAsOf<T extends Signal = Signal>(
  points: readonly SeriesPoint[],
  asOfPeriod: string,
  fn: (pts: SeriesPoint[]) => T,
): T {
  return fn(points.filter((pt) => pt.period <= asOfPeriod));
}
