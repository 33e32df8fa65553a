import { ZUuid } from '../contracts/common';
import { AppError } from '../errors';

/** A UUID from the path; anything else is a clear 400, never a database error. */
export function pathId(params: Record<string, string>, name = 'id'): string {
  const parsed = ZUuid.safeParse(params[name]);
  if (!parsed.success) throw new AppError('invalid_input', `${name} must be a UUID`);
  return parsed.data;
}
