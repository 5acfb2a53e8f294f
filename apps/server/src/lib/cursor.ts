import { fail } from './errors';

/** Decodes a base64url page cursor and checks it has the shape of the key it stands for; 400 otherwise. */
export function decodeCursor(cursor: string, shape: RegExp): string {
  const value = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!shape.test(value)) fail('INVALID_CURSOR', [{ field: 'cursor', code: 'INVALID_CURSOR' }]);
  return value;
}
