import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { zonedToUtc } from '../../domain/zoned-time';
import type { PlanningBook, PlannedAppointment } from './planning-book';
import { listenOnLoopback, pageOf } from './planning-book';

export interface KeyloopSimulatorOptions {
  enterpriseId: string;
  clientId: string;
  clientSecret: string;
  /** The workshop's zone: due-in times are answered with its offset. */
  zone: string;
  /** Lifetime of a token (Keyloop: 3599 s; 30 min on staging). */
  tokenSeconds?: number;
  port?: number;
}

/**
 * Keyloop's public shapes: a client-credential token at /oauth/client_credential/accesstoken
 * (Apigee style, expires_in as a string), the tenant in the path, service appointments that
 * carry their repair order. Tokens expire by the book's clock, so a test can move time.
 */
export async function startKeyloopSimulator(book: PlanningBook, options: KeyloopSimulatorOptions) {
  const app = Fastify({ logger: false });
  const tokens = new Map<string, number>();
  const lifetime = options.tokenSeconds ?? 3599;
  let issued = 0;
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body: string, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body)));
  });

  app.post('/oauth/client_credential/accesstoken', async (request, reply) => {
    const basic = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`;
    const grant = (request.body as Record<string, string> | undefined)?.grant_type;
    if (request.headers.authorization !== basic || grant !== 'client_credentials') {
      book.log(request, 401);
      return reply.code(401).send({ ErrorCode: 'invalid_client', Error: 'ClientId is Invalid' });
    }
    const token = randomBytes(16).toString('hex');
    tokens.set(token, book.now() + lifetime * 1000);
    issued++;
    book.log(request, 200);
    return { access_token: token, token_type: 'BearerToken', expires_in: String(lifetime), issued_at: String(book.now()) };
  });

  /** Answers 401/404/a queued fault and returns false, or true when the request may be served. */
  const admitted = (request: FastifyRequest<{ Params: { enterprise: string } }>, reply: FastifyReply): boolean => {
    const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
    const expiresAt = tokens.get(token);
    if (expiresAt === undefined || expiresAt <= book.now()) {
      book.log(request, 401);
      void reply.code(401).send({ fault: { faultstring: 'Access Token expired', detail: { errorcode: 'keymanagement.service.access_token_expired' } } });
      return false;
    }
    if (request.params.enterprise !== options.enterpriseId) {
      book.log(request, 404);
      void reply.code(404).send({ message: 'unknown enterprise' });
      return false;
    }
    return !book.faulted(request, reply);
  };

  app.get<{ Params: { enterprise: string; store: string }; Querystring: Record<string, string> }>(
    '/:enterprise/:store/v3/service-appointments',
    async (request, reply) => {
      if (!admitted(request, reply)) return reply;
      const q = request.query;
      const page = Number(q.page ?? '1');
      const size = Number(q.pageSize ?? '50');
      const selected = book.select({
        branch: request.params.store,
        changedSince: q.changedSince ? Date.parse(q.changedSince) : undefined,
        date: q.dueInDate,
      });
      const { items, totalPages } = pageOf(selected, page, size);
      book.log(request, 200);
      return { items: items.map((a) => toKeyloop(a, options.zone)), page: { number: page, size, totalPages, totalItems: selected.length } };
    },
  );

  app.get<{ Params: { enterprise: string; store: string; id: string } }>(
    '/:enterprise/:store/v3/service-appointments/:id',
    async (request, reply) => {
      if (!admitted(request, reply)) return reply;
      const found = book.find(request.params.store, request.params.id);
      book.log(request, found ? 200 : 404);
      return found ? toKeyloop(found, options.zone) : reply.code(404).send({ message: 'no such appointment' });
    },
  );

  app.get<{ Params: { enterprise: string; store: string; id: string } }>('/:enterprise/:store/v3/repair-orders/:id', async (request, reply) => {
    if (!admitted(request, reply)) return reply;
    const order = book.select({ branch: request.params.store }).find((a) => a.workOrder === request.params.id);
    book.log(request, order ? 200 : 404);
    return order ? toRepairOrder(order) : reply.code(404).send({ message: 'no such repair order' });
  });

  let notified = 0;
  /**
   * Delivers a notification as Keyloop's Subscriber Event API (1.2.5) does: a CloudEvent with
   * the tenant in `context` and the changed record named in `data`, POSTed to a backend's
   * `/v2/keyloop/events` with the organisation's token. Answers the HTTP status.
   */
  const notify = async (
    target: { url: string; token: string },
    storeId: string,
    record: { RepairOrderId: string } | { appointmentId: string },
    eventId = `evt-${++notified}`,
  ) => {
    const response = await fetch(`${target.url}/v2/keyloop/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify({
        specversion: '1.0',
        id: eventId,
        source: 'keyloop/event-subscription',
        type: 'RepairOrderId' in record ? 'repairorder.updated' : 'serviceappointment.updated',
        time: new Date(book.now()).toISOString(),
        datacontenttype: 'application/json',
        context: { enterpriseId: options.enterpriseId, storeId, provider: 'Autoline', dealerCode: storeId },
        origin: { id: 'simulator', application: 'keyloop-simulator' },
        data: record,
      }),
    });
    return { status: response.status, text: await response.text() };
  };

  const url = await listenOnLoopback(app, options.port);
  return {
    url,
    tokensIssued: () => issued,
    /** Makes every token issued so far invalid, as a key rotation or an outage at Keyloop would. */
    revokeTokens: () => tokens.clear(),
    notify,
    close: () => app.close(),
  };
}

function withOffset(date: string, time: string, zone: string): string {
  const instant = zonedToUtc(date, time, zone);
  const offsetMinutes = Math.round((Date.parse(`${date}T${time}:00Z`) - instant) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${date}T${time}:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The repair order opened for an appointment: jobs with their labour items. */
function toRepairOrder(a: PlannedAppointment) {
  return {
    repairOrderId: a.workOrder,
    appointmentId: a.id,
    status: a.cancelled ? 'CANCELLED' : 'OPEN',
    customer: { name: a.customerName },
    vehicle: { registrationNumber: a.plate, make: a.make, model: a.model },
    jobs: a.jobs.map((description, i) => ({ jobId: `${a.workOrder}-J${i + 1}`, description, items: [{ itemType: 'LABOR', description }] })),
    lastModifiedDateTime: new Date(a.modifiedAt).toISOString(),
  };
}

function toKeyloop(a: PlannedAppointment, zone: string) {
  return {
    appointmentId: a.id,
    status: a.cancelled ? 'CANCELLED' : a.workOrder ? 'ARRIVED' : 'BOOKED',
    dueInDateTime: withOffset(a.date, a.time, zone),
    customer: { name: a.customerName, contact: { mobilePhone: a.mobile, email: a.email } },
    vehicle: { registrationNumber: a.plate, make: a.make, model: a.model },
    serviceAdvisor: { name: a.advisor },
    jobs: a.jobs.map((description, i) => ({ jobId: `${a.id}-J${i + 1}`, description, items: [] })),
    repairOrderId: a.workOrder,
    lastModifiedDateTime: new Date(a.modifiedAt).toISOString(),
  };
}
