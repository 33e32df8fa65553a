export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export type ConnectionState = {
  status: ConnectionStatus;
  /** Set once the first connection succeeded: the banner only shows for a lost connection. */
  everConnected: boolean;
  attempts: number;
  lastError: string | null;
};

export type ConnectionEvent =
  | { type: 'connected' }
  | { type: 'disconnected'; reason: string }
  | { type: 'reconnect_attempt'; attempt: number }
  | { type: 'error'; message: string };

export const initialConnection: ConnectionState = { status: 'connecting', everConnected: false, attempts: 0, lastError: null };

export function connectionReducer(state: ConnectionState, event: ConnectionEvent): ConnectionState {
  switch (event.type) {
    case 'connected':
      return { status: 'connected', everConnected: true, attempts: 0, lastError: null };
    case 'disconnected':
      // This tab closed it on purpose (a password change waits for its new session): nothing
      // is lost, so no banner, until it connects again or fails to.
      if (event.reason === 'io client disconnect') return { ...state, status: 'connecting', lastError: null };
      return { ...state, status: 'reconnecting', lastError: event.reason };
    case 'reconnect_attempt':
      return { ...state, status: 'reconnecting', attempts: event.attempt };
    case 'error':
      return { ...state, status: state.everConnected ? 'reconnecting' : 'offline', lastError: event.message };
  }
}

/** True when the live connection is down and the person should be told. */
export const isConnectionDown = (s: ConnectionState) =>
  s.status === 'offline' || (s.everConnected && s.status === 'reconnecting');

export type ConnectionSlice = {
  connection: ConnectionState;
  dispatchConnection: (event: ConnectionEvent) => void;
};

export const createConnectionSlice = (set: (fn: (s: ConnectionSlice) => Partial<ConnectionSlice>) => void): ConnectionSlice => ({
  connection: initialConnection,
  dispatchConnection: (event) => set((s) => ({ connection: connectionReducer(s.connection, event) })),
});
