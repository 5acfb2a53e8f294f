export * from './audit';
export * from './auth';
export * from './common';
export * from './employees';
export * from './errors';
export * from './org-units';
export * from './positions';
export * from './users';
