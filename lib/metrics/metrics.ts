import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The process's Prometheus metrics; one registry, held in the services registry. */
export function createMetrics() {
  const registry = new Registry();
  // Read at scrape time from the live parts, which exist only after the metrics do.
  const sources = { wsConnections: () => 0, inFlight: () => 0, redisUp: null as null | (() => boolean) };
  collectDefaultMetrics({ register: registry, prefix: 'collabwire_', eventLoopMonitoringPrecision: 20 });
  const metrics = {
    registry,
    socketsConnected: new Gauge({ name: 'collabwire_sockets_connected', help: 'Socket.IO /chat sockets connected to this process', labelNames: ['transport'] as const, registers: [registry] }),
    wsConnected: new Gauge({
      name: 'collabwire_ws_notifications_connected',
      help: '/ws/notifications connections on this process',
      registers: [registry],
      collect() {
        this.set(sources.wsConnections());
      },
    }),
    messagesSent: new Counter({ name: 'collabwire_messages_sent_total', help: 'Messages stored', labelNames: ['transport'] as const, registers: [registry] }),
    messagesDelivered: new Counter({ name: 'collabwire_messages_delivered_total', help: 'message:new and message:notification deliveries to local sockets', registers: [registry] }),
    sendLatency: new Histogram({
      name: 'collabwire_send_duration_seconds',
      help: 'From a send arriving to its acknowledgement (validation, commit, fan-out)',
      labelNames: ['transport'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    errors: new Counter({ name: 'collabwire_errors_total', help: 'Refused or failed operations by error code', labelNames: ['code', 'transport'] as const, registers: [registry] }),
    rateLimited: new Counter({ name: 'collabwire_rate_limited_total', help: 'Operations refused by a rate limit', labelNames: ['limit'] as const, registers: [registry] }),
    stalledConnectionsCut: new Counter({ name: 'collabwire_stalled_connections_cut_total', help: '/chat connections cut because their client stopped reading (CHAT_MAX_UNSENT_KB)', registers: [registry] }),
    webhookEvents: new Counter({ name: 'collabwire_webhook_events_total', help: 'Instagram webhook events received', labelNames: ['outcome'] as const, registers: [registry] }),
    inFlight: new Gauge({
      name: 'collabwire_inflight_operations',
      help: 'Requests and socket events being processed (database work included)',
      registers: [registry],
      collect() {
        this.set(sources.inFlight());
      },
    }),
    dbPoolMax: new Gauge({ name: 'collabwire_db_pool_max', help: 'Database connections this process may open: its pool and the group commit connection (1 for embedded PGlite)', registers: [registry] }),
    redisUp: new Gauge({
      name: 'collabwire_redis_up',
      help: '1 when every Redis connection is ready (-1 without REDIS_URL)',
      registers: [registry],
      collect() {
        this.set(sources.redisUp ? Number(sources.redisUp()) : -1);
      },
    }),
    sources,
  };
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
