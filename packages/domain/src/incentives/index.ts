export * from './bonus';
export * from './commission';
