export * from './activity';
export * from './core';
export * from './imports';
export * from './metrics';
export * from './notifications';
export * from './performance';
export * from './reviews';
