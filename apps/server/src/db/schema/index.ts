export * from './activity';
export * from './core';
