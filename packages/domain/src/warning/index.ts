// Early-warning detectors (DOMAIN.md §3): pure functions on plain numbers, no I/O. The server persists
// signals, applies re-firing and auto-resolve, and explains them from `evidence`.
export { type AttainmentBelowParams, type AttainmentEvidencePoint, attainmentBelow } from './attainment-below';
export {
  type BelowCohortParams,
  belowCohort,
  type CohortEvidencePoint,
  type CohortMethod,
  type CohortsByPeriod,
} from './below-cohort';
export { MAD_SCALE, MEAN_AD_SCALE, percentileRank, type RobustZ, robustZ, shrinkRate } from './cohort-stats';
export { type ConsecutiveDeclineParams, consecutiveDecline, type DeclineEvidencePoint } from './consecutive-decline';
export { evaluateAsOf } from './evaluate-as-of';
export { type EwmaCusumEvidencePoint, type EwmaCusumParams, type EwmaCusumTrigger, ewmaCusum } from './ewma-cusum';
export { type NoActivityParams, noActivity } from './no-activity';
export {
  noiseCvFromPeers,
  type PooledDeclineParams,
  type PooledEvidencePoint,
  type PooledIndicator,
  type PooledIndicatorPoint,
  pooledDecline,
  rampFromPeers,
} from './pooled-decline';
export {
  type PostRegularizationSlackParams,
  postRegularizationSlack,
  type SlackEvidencePoint,
} from './post-regularization-slack';
/** The median of a list (the middle value, or the mean of the two middle ones); NaN when empty. */
export { median } from './series';
export type {
  ExcludedPoint,
  ExclusionReason,
  InsufficientReason,
  SeriesPoint,
  Signal,
  SignalStatus,
} from './types';
