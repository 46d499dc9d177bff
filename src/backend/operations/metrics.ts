import { randomUUID } from 'node:crypto';
import cluster from 'node:cluster';
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BackendStore } from '../store/backend-store';

/**
 * What an operator watches, in Prometheus's format (GET /metrics): requests and their
 * latency by route, the send queue's depth, how late live events reach their streams, the
 * open streams, and sends by how the channel answered. One registry per backend, so several
 * backends in one process (the tests, the demo) each count their own. In a process group
 * (--processes), a scrape reaches one worker, which answers for the whole group: the first
 * process gathers every worker's figures (see process-group.ts).
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
    if (cluster.isWorker) {
      // Answers the first process's requests for this worker's figures.
      new AggregatorRegistry();
      AggregatorRegistry.setRegistries([this.registry]);
    }
    new Gauge({
      name: 'aftersales_send_queue',
      help: 'Sends in the queue shared by all processes: pending (waiting or due) and sending (claimed by a process).',
      labelNames: ['state'] as const,
      registers: [this.registry],
      // Every process counts the one shared queue: a group's figure is that count, not their sum.
      aggregator: 'max',
      async collect() {
        const depth = await store.sends.depth();
        this.set({ state: 'pending' }, depth.pending);
        this.set({ state: 'sending' }, depth.sending);
      },
    });
  }

  /** The figures in Prometheus's text format: this process's, or, in a process group, the whole group's. */
  async text(): Promise<string> {
    const send = process.send?.bind(process);
    if (!cluster.isWorker || !send) return this.registry.metrics();
    const id = randomUUID();
    return new Promise<string>((resolve, reject) => {
      const answered = (message: unknown) => {
        const m = message as GroupMetricsAnswer;
        if (m?.type !== GROUP_METRICS || m.id !== id) return;
        clearTimeout(timer);
        process.off('message', answered);
        if (m.text !== undefined) resolve(m.text);
        else reject(new Error(`the process group's figures could not be gathered: ${m.error}`));
      };
      const timer = setTimeout(() => {
        process.off('message', answered);
        reject(new Error('the process group did not gather its figures within 5 s'));
      }, 5000);
      process.on('message', answered);
      send({ type: GROUP_METRICS, id });
    });
  }
}

/** The message a worker asks the first process for the group's figures with, and its answer. */
export const GROUP_METRICS = 'aftersales:metrics';
export interface GroupMetricsAnswer {
  type: typeof GROUP_METRICS;
  id: string;
  text?: string;
  error?: string;
}
