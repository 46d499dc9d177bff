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
  async receive(principal: Principal, event: KeyloopEvent): Promise<void> {
    const org = principal.organizationId;
    const now = this.clock.now();
    // Checked within the write: the organisation's writes follow one another (in every process),
    // so nothing can record the same event between the check and the commit.
    await this.store.write(org, now, async (emit) => {
      if (await this.store.pushed.outcomeOf(org, SOURCE, event.id)) return;
      emit('source.notified', { system: 'keyloop', tenant: event.tenant, record: event.record, eventId: event.id });
      await this.store.pushed.record(org, SOURCE, event.id, 'relayed', now);
    });
  }
}
