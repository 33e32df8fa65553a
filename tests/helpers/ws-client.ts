import WebSocket from 'ws';

export type WsFrame = { type: string; [key: string]: any };

export type NotificationsClient = {
  ws: WebSocket;
  opened: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  send(frame: unknown): void;
  /** The next frame, or a rejection after `ms`. */
  next(ms?: number): Promise<WsFrame>;
  /** Resolves when no frame arrives for `ms`; rejects with the frame otherwise. */
  expectSilence(ms?: number): Promise<void>;
  /** Authenticates and subscribes; resolves once both are confirmed. */
  ready(token: string, eventTypes?: string[]): Promise<void>;
  close(): void;
};

/** A raw /ws/notifications client that queues every frame it receives. */
export function openNotificationsClient(baseUrl: string): NotificationsClient {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws/notifications`);
  const frames: WsFrame[] = [];
  const waiters: ((f: WsFrame) => void)[] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as WsFrame;
    const waiter = waiters.shift();
    if (waiter) waiter(frame);
    else frames.push(frame);
  });
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const next = (ms = 3000) =>
    new Promise<WsFrame>((resolve, reject) => {
      const queued = frames.shift();
      if (queued) return resolve(queued);
      const waiter = (f: WsFrame) => {
        clearTimeout(timer);
        resolve(f);
      };
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`no frame within ${ms} ms`));
      }, ms);
      waiters.push(waiter);
    });
  const send = (frame: unknown) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  return {
    ws,
    opened,
    closed,
    send,
    next,
    async expectSilence(ms = 400) {
      const frame = await next(ms).catch(() => null);
      if (frame) throw new Error(`expected no frame, got ${JSON.stringify(frame)}`);
    },
    async ready(token, eventTypes = ['comments', 'messages', 'mentions', 'live_comments']) {
      await opened;
      send({ type: 'authenticate', token, timestamp: Date.now() });
      const auth = await next();
      if (auth.type !== 'auth_success') throw new Error(`authentication failed: ${JSON.stringify(auth)}`);
      send({ type: 'subscribe', eventTypes, timestamp: Date.now() });
      const sub = await next();
      if (sub.type !== 'subscription_confirmed') throw new Error(`subscribe failed: ${JSON.stringify(sub)}`);
    },
    close: () => ws.close(),
  };
}
