export * from './activity';
export * from './core';
export * from './imports';
