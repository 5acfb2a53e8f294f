import {
  atLeastOne,
  atLeastZero,
  clearConfidence,
  EPS,
  firedConfidence,
  insufficientSignal,
  splitSeries,
  trailingRunStart,
} from './series';
import type { SeriesPoint, Signal } from './types';

export interface ConsecutiveDeclineParams {
  /** How many judged transitions in a row must be decreases (e.g. 3). */
  periods: number;
  /** Smallest total drop, in percent of the value at the start of the run, that counts (e.g. 15). */
  minDropPct: number;
  /** Judged points needed before any judgement. */
  minPeriods: number;
}

/** Per judged point: the change from the previous judged point and the decline run ending here. */
export interface DeclineEvidencePoint {
  period: string;
  value: number;
  /** value − previous judged value; null for the first judged point. */
  change: number | null;
  /** Consecutive decreasing transitions ending at this point (0 = not lower than the previous). */
  run: number;
  /** Drop from the start of that run to this point, in percent; null when the run starts at ≤ 0. */
  dropPct: number | null;
}

/**
 * Fires when the last `periods` judged transitions are all decreases (strictly lower than the previous
 * judged value; masked and empty periods are skipped, so a leave month neither breaks nor makes a run)
 * and the total drop from the start of the decline run to the last value is ≥ minDropPct percent.
 *
 * The run is the whole trailing run of decreases, which may be longer than `periods`: a slide over five
 * months is measured from where it began, so the drop only grows while the run lasts and the onset is
 * the first period at which both conditions held. A percentage of a start value ≤ 0 is meaningless, so
 * such a run never fires (dropPct null).
 *
 * insufficient_data when fewer than max(minPeriods, periods + 1) judged points exist (fewer than
 * periods + 1 cannot hold `periods` transitions).
 *
 * Confidence (frame in {@link Signal.confidence}): severity = (dropPct − minDropPct) / max(minDropPct, 5)
 * (the excess over the threshold relative to it, with a 5-point floor so a zero threshold does not make
 * every dip certain); data = judged points / (2 × (periods + 1)) (a history twice the bare minimum).
 * Clear: closeness = min(run / periods, dropPct / minDropPct).
 *
 * Evidence: `{ series, startValue, endValue, dropPct, transitions, periods, minDropPct, excluded }` where
 * `transitions` is the length of the trailing decline run and start/end values bound it.
 */
export function consecutiveDecline(points: readonly SeriesPoint[], p: ConsecutiveDeclineParams): Signal {
  const periods = atLeastOne(p.periods);
  const need = Math.max(atLeastZero(p.minPeriods), periods + 1);
  const { judged, excluded } = splitSeries(points);
  const last = judged.length > 0 ? judged[judged.length - 1] : null;

  const series: DeclineEvidencePoint[] = [];
  const fires: boolean[] = [];
  let run = 0;
  for (let i = 0; i < judged.length; i++) {
    const { period, value } = judged[i];
    const prev = i > 0 ? judged[i - 1].value : null;
    run = prev !== null && value < prev ? run + 1 : 0;
    const start = judged[i - run].value;
    const dropPct = start > 0 ? ((start - value) / start) * 100 : null;
    series.push({ period, value, change: prev === null ? null : value - prev, run, dropPct });
    fires.push(i + 1 >= need && run >= periods && dropPct !== null && dropPct >= p.minDropPct - EPS);
  }

  const base = { series, periods, minDropPct: p.minDropPct, excluded };
  if (judged.length < need || last === null) {
    return insufficientSignal(last?.period ?? null, 'TOO_FEW_PERIODS', {
      ...base,
      startValue: null,
      endValue: last?.value ?? null,
      dropPct: null,
      transitions: null,
    });
  }

  const tail = series[series.length - 1];
  const startValue = judged[judged.length - 1 - tail.run].value;
  const evidence = { ...base, startValue, endValue: last.value, dropPct: tail.dropPct, transitions: tail.run };
  const onset = trailingRunStart(fires);
  if (onset !== null) {
    const severity = ((tail.dropPct as number) - p.minDropPct) / Math.max(p.minDropPct, 5);
    const data = judged.length / (2 * (periods + 1));
    return {
      status: 'fired',
      onsetPeriod: judged[onset].period,
      period: last.period,
      confidence: firedConfidence(severity, data),
      evidence,
    };
  }
  const dropShare = tail.dropPct === null ? 0 : p.minDropPct > 0 ? Math.max(0, tail.dropPct) / p.minDropPct : 1;
  return {
    status: 'clear',
    onsetPeriod: null,
    period: last.period,
    confidence: clearConfidence(Math.min(tail.run / periods, dropShare)),
    evidence,
  };
}
