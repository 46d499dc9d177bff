import type { BoardEvent } from '../../api/board-api';
import type { CoreContext } from './context';

/**
 * A change made on this desktop, the one way every handler makes it: `change` runs in one
 * transaction, so the outbox jobs it queues (queueForBackend, queueAppointments) are stored with
 * it or not at all; then the outbox is woken to send them and the windows are told what
 * `shown(result)` names. A change that throws stores nothing, wakes nothing and tells nobody.
 */
export function localChange<T>(ctx: CoreContext, change: () => T, shown: (result: T) => BoardEvent[]): T {
  const result = ctx.transaction(change);
  ctx.sync.wake();
  for (const event of shown(result)) ctx.emit(event);
  return result;
}
