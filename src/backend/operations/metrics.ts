import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BackendStore } from '../store/backend-store';

/**
 * What an operator watches, in Prometheus's format (GET /metrics): requests and their
 * latency by route, the send queue's depth, how late live events reach their streams, the
 * open streams, and sends by how the channel answered. One registry per backend, so several
 * backends in one process (the tests, the demo) each count their own.
 */
export class BackendMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'aftersales_http_requests_total',
    help: 'HTTP requests answered, by method, route and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'aftersales_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly sends = new Counter({
    name: 'aftersales_sends_total',
    help: "Messages handed to a channel, by the channel's answer: accepted, retry (refused for now), unknown (no answer), failed.",
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  readonly eventLag = new Histogram({
    name: 'aftersales_event_lag_seconds',
    help: 'From an event’s commit (in any process) to its delivery to this process’s live streams.',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });
  readonly streams = new Gauge({
    name: 'aftersales_event_streams',
    help: 'Live event streams (WebSocket clients) open on this process.',
    registers: [this.registry],
  });

  constructor(store: BackendStore) {
    collectDefaultMetrics({ register: this.registry, prefix: 'aftersales_' });
    new Gauge({
      name: 'aftersales_send_queue',
      help: 'Sends in the queue shared by all processes: pending (waiting or due) and sending (claimed by a process).',
      labelNames: ['state'] as const,
      registers: [this.registry],
      async collect() {
        const depth = await store.sends.depth();
        this.set({ state: 'pending' }, depth.pending);
        this.set({ state: 'sending' }, depth.sending);
      },
    });
  }
}
