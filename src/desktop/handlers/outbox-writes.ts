import type { OutboxKind } from '../cache/outbox-repo';
import { APPOINTMENTS_PER_JOB, type Payload } from '../relay/outbox-commands';
import type { CoreContext } from './context';

/**
 * Call inside the transaction of the local change: the command for the backend is stored with
 * it, or neither is, with the person signed in now as its author (it goes with their session).
 * Nothing is queued on a desktop that has no backend.
 */
export function queueForBackend<K extends OutboxKind>(ctx: CoreContext, kind: K, appointmentId: string | null, payload: Payload<K>, key?: string): void {
  if (ctx.sync.connected) ctx.outbox.add(kind, appointmentId, payload, ctx.clock.now(), key, ctx.people.author());
}

/**
 * New or changed appointments for the backend, in pages its batch endpoint takes. `importId`:
 * the import that changed them, whose report lists the rows the backend refuses.
 */
export function queueAppointments(ctx: CoreContext, ids: string[], importId?: string): void {
  for (let i = 0; i < ids.length; i += APPOINTMENTS_PER_JOB) {
    const page = ids.slice(i, i + APPOINTMENTS_PER_JOB);
    queueForBackend(ctx, 'appointments', page.length === 1 ? page[0]! : null, { appointmentIds: page, importId });
  }
}
