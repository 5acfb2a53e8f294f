// Scorecard scoring engine (DOMAIN.md §2): pure functions, decimal arithmetic, no I/O.
export * from './attribution';
export * from './default-grade-scale';
export * from './distribution-check';
export * from './grade-of';
export * from './score-card';
export { cohortRanker } from './score-percentile';
export * from './types';
export * from './validate-grade-scale';
export * from './validate-template';
