import type { ErrorBody } from '../errors';
import type { Role } from './common';

/** Every ack is `{ ok: true, data }` or `{ ok: false, error }`. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: Pick<ErrorBody, 'code' | 'message'> };
export type AckFn<T> = (reply: Ack<T>) => void;

export type ConnectionSuccess = { userId: string; userType: Role; socketId: string };

export interface ServerToClientEvents {
  'connection:success': (payload: ConnectionSuccess) => void;
  error: (payload: Pick<ErrorBody, 'code' | 'message'>) => void;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ClientToServerEvents {}

export type SocketData = { userId: string; role: Role; name: string };
