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

  publish(organizationId: string, events: BackendEvent[]): void {
    const set = this.listeners.get(organizationId);
    if (!set) return;
    for (const event of events) for (const listener of set) listener(event);
  }
}
