import Fastify from 'fastify';
import type { PlanningBook, PlannedAppointment } from './planning-book';
import { listenOnLoopback } from './planning-book';

/** 1i Automotive's side of the connector's agreed shape (see src/desktop/sync/pull/one-i-api.ts): cursor paging. */
export async function startOneISimulator(book: PlanningBook, options: { apiKey: string; port?: number }) {
  const app = Fastify({ logger: false });
  app.get<{ Params: { site: string }; Querystring: Record<string, string> }>('/v1/sites/:site/bookings', async (request, reply) => {
    if (request.headers.authorization !== `ApiKey ${options.apiKey}`) {
      book.log(request, 401);
      return reply.code(401).send({ message: 'invalid api key' });
    }
    if (book.faulted(request, reply)) return reply;
    const q = request.query;
    const limit = Number(q.limit ?? '50');
    const offset = q.cursor ? Number(Buffer.from(q.cursor, 'base64url').toString()) : 0;
    const selected = book.select({
      branch: request.params.site,
      changedSince: q.modifiedSince ? Date.parse(q.modifiedSince) : undefined,
      date: q.date,
    });
    const items = selected.slice(offset, offset + limit);
    const next = offset + limit < selected.length ? Buffer.from(String(offset + limit)).toString('base64url') : null;
    book.log(request, 200);
    return { data: items.map(toOneI), nextCursor: next };
  });
  const url = await listenOnLoopback(app, options.port);
  return { url, close: () => app.close() };
}

function toOneI(a: PlannedAppointment) {
  return {
    bookingId: a.id,
    site: a.branch,
    start: `${a.date}T${a.time}:00`,
    customer: { name: a.customerName, mobile: a.mobile, email: a.email },
    vehicle: { registration: a.plate, make: a.make, model: a.model },
    jobs: a.jobs.map((description) => ({ description })),
    jobCardNumber: a.workOrder,
    advisor: a.advisor,
    state: a.cancelled ? 'CANCELLED' : 'BOOKED',
    lastModified: new Date(a.modifiedAt).toISOString(),
  };
}
