export * from './id-number';
export * from './normalize-text';
export * from './parse-amount';
export * from './parse-date';
export * from './probation';
export * from './scoring';
export * from './spreadsheet-safety';
export * from './suggest-mapping';
