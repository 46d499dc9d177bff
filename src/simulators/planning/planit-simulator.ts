import Fastify, { type FastifyInstance } from 'fastify';
import type { PlanningBook, PlannedAppointment } from './planning-book';
import { listenOnLoopback, pageOf } from './planning-book';

/** PlanIT's side of the connector's agreed shape (see src/desktop/sync/pull/planit-api.ts). */
export async function startPlanItSimulator(book: PlanningBook, options: { apiKey: string; port?: number; tls?: { key: string; cert: string } }) {
  // Fastify's types split http and https servers; the routes are the same for both.
  const app = (options.tls ? Fastify({ logger: false, https: options.tls }) : Fastify({ logger: false })) as unknown as FastifyInstance;
  app.get<{ Params: { branch: string }; Querystring: Record<string, string> }>('/api/v1/vestigingen/:branch/afspraken', async (request, reply) => {
    if (request.headers['x-api-key'] !== options.apiKey) {
      book.log(request, 401);
      return reply.code(401).send({ fout: 'ongeldige API-sleutel' });
    }
    if (book.faulted(request, reply)) return reply;
    const q = request.query;
    const page = Number(q.pagina ?? '1');
    const size = Number(q.aantal ?? '50');
    const selected = book.select({
      branch: request.params.branch,
      changedSince: q.gewijzigdSinds ? Date.parse(q.gewijzigdSinds) : undefined,
      date: q.datum,
    });
    const { items, totalPages } = pageOf(selected, page, size);
    book.log(request, 200);
    return { afspraken: items.map(toPlanIt), pagina: page, aantalPaginas: totalPages };
  });
  const url = await listenOnLoopback(app, options.port);
  return { url, close: () => app.close() };
}

function toPlanIt(a: PlannedAppointment) {
  return {
    afspraakId: a.id,
    vestiging: a.branch,
    datum: a.date,
    tijd: a.time,
    klant: { naam: a.customerName, mobiel: a.mobile, email: a.email },
    voertuig: { kenteken: a.plate, merk: a.make, model: a.model },
    werkzaamheden: a.jobs,
    werkorder: a.workOrder,
    adviseur: a.advisor,
    status: a.cancelled ? 'geannuleerd' : 'gepland',
    gewijzigdOp: new Date(a.modifiedAt).toISOString(),
  };
}
