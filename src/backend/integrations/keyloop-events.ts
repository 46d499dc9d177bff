import type { KeyloopEvent } from '../../api/v2/keyloop';
import type { Clock } from '../../ports/clock';
import type { BackendStore } from '../store/backend-store';
import type { Principal } from '../access/principal';

const SOURCE = 'keyloop';

/**
 * Keyloop's CloudEvents notifications. The backend has no Keyloop credentials (the desktop that
 * pulls a store has them), so it relays each notification through the event log, once per
 * event id, and answers only after that is stored: Keyloop sends again whatever was not.
 */
export class KeyloopEvents {
  constructor(
    private readonly store: BackendStore,
    private readonly clock: Clock,
  ) {}

  /** An event delivered before is acknowledged again and not relayed twice. */
  receive(principal: Principal, event: KeyloopEvent): void {
    const org = principal.organizationId;
    if (this.store.pushed.outcomeOf(org, SOURCE, event.id)) return;
    const now = this.clock.now();
    // No await from the duplicate check to the commit: nothing can record the same event in between.
    this.store.write(org, now, (emit) => {
      emit('source.notified', { system: 'keyloop', tenant: event.tenant, record: event.record, eventId: event.id });
      this.store.pushed.record(org, SOURCE, event.id, 'relayed', now);
    });
  }
}
