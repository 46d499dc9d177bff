import { Server as TlsServer } from 'node:tls';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** An appointment as a planning system holds it, before any vendor's wire shape. */
export interface PlannedAppointment {
  id: string;
  branch: string;
  /** Wall-clock date and time at the workshop. */
  date: string;
  time: string;
  customerName: string;
  mobile: string | null;
  email: string | null;
  plate: string;
  make: string;
  model: string;
  jobs: string[];
  workOrder: string | null;
  advisor: string;
  cancelled: boolean;
  /** When it last changed, by the simulator's clock (ms). */
  modifiedAt: number;
}

export type NewAppointment = Omit<PlannedAppointment, 'modifiedAt' | 'cancelled' | 'workOrder'> &
  Partial<Pick<PlannedAppointment, 'cancelled' | 'workOrder'>>;

/**
 * The simulated planning system's appointment book and its faults, shared by the PlanIT, 1i and
 * Keyloop fronts: tests add, move, cancel and delete appointments, and make the next requests
 * answer 429 or 500.
 */
export class PlanningBook {
  private readonly appointments = new Map<string, PlannedAppointment>();
  private readonly faults: Array<{ status: number; retryAfter?: string }> = [];
  /** Every request the front answered (method, path and query), for tests to look at. */
  readonly requests: Array<{ path: string; query: Record<string, string>; status: number }> = [];

  /** Called after each answered request with their count, for a test to act in the middle of a sync. */
  afterEach: ((answered: number) => void) | null = null;

  constructor(readonly now: () => number = Date.now) {}

  add(appointment: NewAppointment): PlannedAppointment {
    const stored = { cancelled: false, workOrder: null, ...appointment, modifiedAt: this.now() };
    this.appointments.set(this.key(stored.branch, stored.id), stored);
    return stored;
  }

  change(branch: string, id: string, change: Partial<Omit<PlannedAppointment, 'id' | 'branch' | 'modifiedAt'>>): PlannedAppointment {
    const current = this.appointments.get(this.key(branch, id));
    if (!current) throw new Error(`no appointment ${branch}/${id}`);
    const next = { ...current, ...change, modifiedAt: this.now() };
    this.appointments.set(this.key(branch, id), next);
    return next;
  }

  find(branch: string, id: string): PlannedAppointment | undefined {
    return this.appointments.get(this.key(branch, id));
  }

  /** Taken off the planning without a trace, as some systems do: only a full day's listing shows it. */
  delete(branch: string, id: string): void {
    this.appointments.delete(this.key(branch, id));
  }

  /** The next requests answer with these statuses instead (then the book answers again). */
  fail(...faults: Array<{ status: number; retryAfter?: string }>): void {
    this.faults.push(...faults);
  }

  /** Answers a fault if one is queued; true when it did. */
  faulted(request: FastifyRequest, reply: FastifyReply): boolean {
    const fault = this.faults.shift();
    if (!fault) return false;
    this.log(request, fault.status);
    if (fault.retryAfter !== undefined) void reply.header('retry-after', fault.retryAfter);
    void reply.code(fault.status).send({ error: fault.status === 429 ? 'rate limit exceeded' : 'internal error' });
    return true;
  }

  log(request: FastifyRequest, status: number): void {
    this.requests.push({ path: request.url.split('?')[0]!, query: { ...(request.query as Record<string, string>) }, status });
    this.afterEach?.(this.requests.length);
  }

  /** The branch's appointments changed since a time, or on one day; in a stable order for paging. */
  select(filter: { branch?: string; changedSince?: number; date?: string }): PlannedAppointment[] {
    return [...this.appointments.values()]
      .filter((a) => filter.branch === undefined || a.branch === filter.branch)
      .filter((a) => filter.changedSince === undefined || a.modifiedAt >= filter.changedSince)
      .filter((a) => filter.date === undefined || a.date === filter.date)
      .sort((a, b) => a.modifiedAt - b.modifiedAt || a.id.localeCompare(b.id));
  }

  private key(branch: string, id: string): string {
    return `${branch}\u0000${id}`;
  }
}

export function pageOf<T>(items: T[], page: number, size: number): { items: T[]; totalPages: number } {
  return { items: items.slice((page - 1) * size, page * size), totalPages: Math.max(1, Math.ceil(items.length / size)) };
}

/** n demo appointments spread over the day, for benches and the sample system. */
export function generateAppointments(count: number, branch: string, date: string, prefix = 'A'): NewAppointment[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}${String(i + 1).padStart(6, '0')}`,
    branch,
    date,
    time: `${String(7 + (i % 10)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`,
    customerName: `Customer ${i + 1}`,
    mobile: `+316${String(10_000_000 + i).slice(-8)}`,
    email: null,
    plate: `${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + ((i >> 5) % 26))}-${String(100 + (i % 900))}-X`,
    make: 'Volkswagen',
    model: 'Golf',
    jobs: ['Service'],
    advisor: 'Sanne',
  }));
}

/** Starts a simulator's server on 127.0.0.1 (a free port unless one is given) and answers its address. */
export async function listenOnLoopback(app: FastifyInstance, port = 0): Promise<string> {
  await app.listen({ host: '127.0.0.1', port });
  const address = app.server.address();
  const scheme = app.server instanceof TlsServer ? 'https' : 'http';
  return `${scheme}://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
}
