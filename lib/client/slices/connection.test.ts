import { describe, expect, it } from 'vitest';
import { connectionReducer, initialConnection, isConnectionDown } from './connection';

describe('[CLIENT] connection state', () => {
  it('shows no banner while the first connection is being made', () => {
    expect(isConnectionDown(initialConnection)).toBe(false);
  });

  it('shows the banner when an established connection drops and clears it on reconnect', () => {
    let s = connectionReducer(initialConnection, { type: 'connected' });
    expect(isConnectionDown(s)).toBe(false);
    s = connectionReducer(s, { type: 'disconnected', reason: 'transport close' });
    expect(isConnectionDown(s)).toBe(true);
    s = connectionReducer(s, { type: 'reconnect_attempt', attempt: 3 });
    expect(s.attempts).toBe(3);
    s = connectionReducer(s, { type: 'connected' });
    expect(isConnectionDown(s)).toBe(false);
    expect(s.attempts).toBe(0);
  });

  it('reports offline when the very first connection fails', () => {
    const s = connectionReducer(initialConnection, { type: 'error', message: 'xhr poll error' });
    expect(s.status).toBe('offline');
    expect(isConnectionDown(s)).toBe(true);
  });

  it('shows no banner while this tab holds its own connection closed, and shows it if reconnecting then fails', () => {
    let s = connectionReducer(initialConnection, { type: 'connected' });
    s = connectionReducer(s, { type: 'disconnected', reason: 'io client disconnect' });
    expect(isConnectionDown(s)).toBe(false);
    s = connectionReducer(s, { type: 'error', message: 'websocket error' });
    expect(isConnectionDown(s)).toBe(true);
    s = connectionReducer(s, { type: 'connected' });
    expect(isConnectionDown(s)).toBe(false);
  });
});
