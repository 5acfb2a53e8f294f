export * from './id-number';
export * from './probation';
