import { AppError } from '../errors';

/** An opaque page cursor: the ordering key of a page's last row, as base64url JSON. */
export function encodeCursor(parts: readonly string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/**
 * The parts of a cursor made by encodeCursor, when `valid` accepts them; anything else (not
 * base64url JSON, not an array of strings, refused by `valid`) answers `invalid_input`.
 */
export function decodeCursor(raw: string, valid: (parts: string[]) => boolean): string[] {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.every((part) => typeof part === 'string') && valid(value)) return value;
  } catch {
    // not base64url JSON: the same answer as any other bad cursor
  }
  throw new AppError('invalid_input', 'cursor is not valid', { field: 'cursor' });
}
