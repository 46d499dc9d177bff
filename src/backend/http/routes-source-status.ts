import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SourceStatusKeySchema, SourceStatusSchema } from '../../api/v2/source-status';
import type { Clock } from '../../ports/clock';
import type { BackendStore } from '../store/backend-store';
import type { Auth } from './auth';

const KeyParamSchema = z.object({ key: SourceStatusKeySchema });

/**
 * PUT /v2/source-status/{key} passes a source's status to every desktop through the event log
 * (a new desktop reads it there too); DELETE says the source is gone (204 either way). POST
 * …/sync asks the desktop that pulls it to run it now (202: passed on, not yet done).
 */
export function sourceStatusRoutes(app: FastifyInstance, store: BackendStore, clock: Clock, auth: Auth): void {
  app.put('/source-status/:key', async (request, reply) => {
    const { organizationId } = await auth(request, 'sources.run');
    const { key } = KeyParamSchema.parse(request.params);
    const status = SourceStatusSchema.parse(request.body);
    await store.write(organizationId, clock.now(), (emit) => emit('source.status', { key, status }));
    return reply.code(204).send();
  });

  app.post('/source-status/:key/sync', async (request, reply) => {
    const { organizationId } = await auth(request, 'sources.run');
    const { key } = KeyParamSchema.parse(request.params);
    await store.write(organizationId, clock.now(), (emit) => emit('source.syncRequested', { key }));
    return reply.code(202).send();
  });

  app.delete('/source-status/:key', async (request, reply) => {
    const { organizationId } = await auth(request, 'sources.run');
    const { key } = KeyParamSchema.parse(request.params);
    await store.write(organizationId, clock.now(), (emit) => emit('source.status', { key, status: null }));
    return reply.code(204).send();
  });
}
