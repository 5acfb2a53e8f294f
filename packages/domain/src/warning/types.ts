// Early-warning detectors (DOMAIN.md §3): the shapes shared by every detector and the server.

/** One period of one person's series (a month, quarter or ISO week), oldest first. */
export interface SeriesPoint {
  /** Period start date, ISO (e.g. '2026-03-01'); periods of one series compare as strings, so use one format. */
  period: string;
  /** null = no data. Non-finite numbers (NaN, ±Infinity) are treated as no data too. */
  value: number | null;
  /** Quota/target for attainment rules. */
  target?: number | null;
  /** Leave, territory change or quota reset: excluded from judgement (treated as missing, never as a drop). */
  masked?: boolean;
}

export type SignalStatus = 'fired' | 'clear' | 'insufficient_data';

export interface Signal {
  status: SignalStatus;
  /** Period at which the condition first held in the current run of firing (the onset), or null. */
  onsetPeriod: string | null;
  /** The last period judged. */
  period: string | null;
  /**
   * 0..1, how sure. Every detector uses the same frame: insufficient_data → 0; clear → 0.5 × closeness
   * to firing (so ≤ 0.5); fired → 0.5 + 0.5 × severity × data (so ≥ 0.5), with severity and data in
   * 0..1 documented on each detector.
   */
  confidence: number;
  /**
   * Machine-readable evidence for the UI chart and the explanation: always `series` (the judged points,
   * with any derived statistic per point) plus the detector-specific figures. Every detector also adds
   * `excluded` (the points not judged, with the reason) and, when it cannot judge, a `reason` code.
   */
  evidence: Record<string, unknown>;
}

/** Why a point was left out of judgement. */
export type ExclusionReason =
  | 'masked'
  | 'no_data'
  | 'no_target'
  | 'small_cohort'
  | 'before_baseline'
  | 'before_probation_window'
  | 'before_post_window';

export interface ExcludedPoint {
  period: string;
  reason: ExclusionReason;
}

/** Why a detector returned insufficient_data (evidence.reason). */
export type InsufficientReason =
  | 'TOO_FEW_PERIODS'
  | 'SHORT_BASELINE'
  | 'NOTHING_MONITORED'
  | 'SHORT_PROBATION'
  | 'NO_POST_PERIODS'
  | 'NO_PROBATION_LEVEL'
  | 'NO_ACTIVITY_EVER'
  | 'INVALID_DATE';
