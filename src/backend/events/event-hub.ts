import type { BackendEvent } from '../../api/v2/event';

type Listener = (event: BackendEvent) => void;

/** Live fan-out of committed events to the WebSocket subscribers of each organisation. */
export class EventHub {
  private readonly listeners = new Map<string, Set<Listener>>();

  subscribe(organizationId: string, listener: Listener): () => void {
    let set = this.listeners.get(organizationId);
    if (!set) this.listeners.set(organizationId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(organizationId);
    };
  }

  private readonly everyOrganisation = new Set<() => void>();

  /** Told that some organisation has new events (for workers that follow every log). */
  subscribeAll(listener: () => void): () => void {
    this.everyOrganisation.add(listener);
    return () => this.everyOrganisation.delete(listener);
  }

  publish(organizationId: string, events: BackendEvent[]): void {
    if (events.length > 0) for (const listener of this.everyOrganisation) listener();
    const set = this.listeners.get(organizationId);
    if (!set) return;
    for (const event of events) for (const listener of set) listener(event);
  }
}
