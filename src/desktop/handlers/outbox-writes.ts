import type { OutboxKind } from '../cache/outbox-repo';
import { APPOINTMENTS_PER_JOB, type Payload } from '../relay/outbox-commands';
import type { CoreContext } from './context';

/**
 * Call inside the transaction of the local change: the command for the backend is stored with
 * it, or neither is, with its author (it goes with their session): by default the person signed
 * in now. Nothing is queued on a desktop that has no backend.
 */
export function queueForBackend<K extends OutboxKind>(
  ctx: CoreContext,
  kind: K,
  appointmentId: string | null,
  payload: Payload<K>,
  key?: string,
  author: string | null = ctx.people.author(),
): void {
  if (ctx.sync.connected) ctx.outbox.add(kind, appointmentId, payload, ctx.clock.now(), key, author);
}

/**
 * New or changed appointments for the backend, in pages its batch endpoint takes. `importId`:
 * the import that changed them, whose report lists the rows the backend refuses. `author`: as
 * queueForBackend; null for what the desktop does on its own (a source's scheduled pull).
 */
export function queueAppointments(ctx: CoreContext, ids: string[], importId?: string, author: string | null = ctx.people.author()): void {
  for (let i = 0; i < ids.length; i += APPOINTMENTS_PER_JOB) {
    const page = ids.slice(i, i + APPOINTMENTS_PER_JOB);
    queueForBackend(ctx, 'appointments', page.length === 1 ? page[0]! : null, { appointmentIds: page, importId }, undefined, author);
  }
}
