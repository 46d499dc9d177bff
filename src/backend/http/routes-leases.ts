import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { AcquireLeaseSchema, LeaseNameSchema } from '../../api/v2/lease';
import type { Clock } from '../../ports/clock';
import type { LeasesRepo } from '../store/leases-repo';
import type { Auth } from './auth';

const NameParamSchema = z.object({ name: LeaseNameSchema });
const HolderQuerySchema = z.object({ holder: z.string().min(1).max(200) });

/**
 * PUT /v2/leases/{name} takes or renews a lease (200 granted, 409 with the current holder);
 * DELETE /v2/leases/{name}?holder= gives it back. Desktops use it so that one of them pulls a source.
 */
export function leaseRoutes(app: FastifyInstance, leases: LeasesRepo, clock: Clock, auth: Auth): void {
  app.put('/leases/:name', async (request, reply: FastifyReply) => {
    const { organizationId } = await auth(request, 'sources.run');
    const { name } = NameParamSchema.parse(request.params);
    const { holder, ttlSeconds } = AcquireLeaseSchema.parse(request.body);
    const lease = await leases.acquire(organizationId, name, holder, ttlSeconds * 1000, clock.now());
    return reply.code(lease.granted ? 200 : 409).send(lease);
  });

  app.delete('/leases/:name', async (request, reply: FastifyReply) => {
    const { organizationId } = await auth(request, 'sources.run');
    const { name } = NameParamSchema.parse(request.params);
    const { holder } = HolderQuerySchema.parse(request.query);
    await leases.release(organizationId, name, holder);
    return reply.code(204).send();
  });
}
