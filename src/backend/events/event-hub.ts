import type { BackendEvent } from '../../api/v2/event';

type Listener = (event: BackendEvent) => void;

/** Reads the committed log: the hub fills from it what it was told of but not handed. */
export type LogReader = (organizationId: string, afterSeq: number, limit: number) => Promise<BackendEvent[]>;

const CATCH_UP_PAGE = 500;

/**
 * Live fan-out of committed events to this process's WebSocket subscribers, in seq order and
 * each once. A commit made here hands its events over directly; a commit made by another
 * process over the same database is only announced (organisation and seq, by PostgreSQL's
 * NOTIFY), and its events are read from the log, so nothing a notification carries is trusted
 * and a lost one is made good by the next.
 */
export class EventHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly everyOrganisation = new Set<() => void>();
  /** Per organisation: the last seq handed to its listeners. */
  private readonly published = new Map<string, number>();
  /** Per organisation: the catch-up under way, which later deliveries wait behind. */
  private readonly catchingUp = new Map<string, Promise<void>>();

  /** Told of each event as it is handed to this process's listeners (the event-lag metric). */
  observe: (event: BackendEvent) => void = () => undefined;

  constructor(
    private readonly readLog: LogReader,
    private readonly onError: (error: unknown) => void,
  ) {}

  subscribe(organizationId: string, listener: Listener): () => void {
    let set = this.listeners.get(organizationId);
    if (!set) this.listeners.set(organizationId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(organizationId);
    };
  }

  /** Told that some organisation has new events (for workers that follow every log). */
  subscribeAll(listener: () => void): () => void {
    this.everyOrganisation.add(listener);
    return () => this.everyOrganisation.delete(listener);
  }

  /** Events this process committed, numbered and in order. */
  committed(organizationId: string, events: BackendEvent[]): void {
    if (events.length === 0) return;
    this.tellEveryOrganisation();
    const published = this.published.get(organizationId);
    if (!this.catchingUp.has(organizationId) && (published === undefined || events[0]!.seq === published + 1)) {
      this.deliver(organizationId, events);
    } else {
      this.catchUp(organizationId, events.at(-1)!.seq, events[0]!.seq - 1);
    }
  }

  /** Another process (or this one) committed events up to `lastSeq`, from `firstSeq`. */
  announced(organizationId: string, firstSeq: number, lastSeq: number): void {
    const published = this.published.get(organizationId);
    if (published !== undefined && lastSeq <= published && !this.catchingUp.has(organizationId)) return;
    this.tellEveryOrganisation();
    // Nobody here follows the organisation: nothing to read, only where its log has got to.
    if (!this.listeners.has(organizationId) && !this.catchingUp.has(organizationId)) {
      this.published.set(organizationId, Math.max(published ?? 0, lastSeq));
      return;
    }
    this.catchUp(organizationId, lastSeq, firstSeq - 1);
  }

  /** After a lost connection to the announcements: every organisation followed here reads what it missed. */
  resync(lastSeqOf: (organizationId: string) => Promise<number>): void {
    this.tellEveryOrganisation();
    for (const organizationId of this.listeners.keys()) {
      void lastSeqOf(organizationId).then(
        (last) => this.catchUp(organizationId, last, last),
        (error: unknown) => this.onError(error),
      );
    }
  }

  private deliver(organizationId: string, events: BackendEvent[]): void {
    const set = this.listeners.get(organizationId);
    for (const event of events) {
      if (event.seq <= (this.published.get(organizationId) ?? -1)) continue;
      this.published.set(organizationId, event.seq);
      this.observe(event);
      if (set) for (const listener of set) listener(event);
    }
  }

  /** Reads the log up to `target`, from where this hub left off (or from `start` if it never delivered any). */
  private catchUp(organizationId: string, target: number, start: number): void {
    const before = this.catchingUp.get(organizationId) ?? Promise.resolve();
    const run = before
      .then(async () => {
        let from = this.published.get(organizationId) ?? start;
        while (from < target) {
          const page = await this.readLog(organizationId, from, CATCH_UP_PAGE);
          if (page.length === 0) break;
          this.deliver(organizationId, page);
          from = page.at(-1)!.seq;
        }
      })
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        if (this.catchingUp.get(organizationId) === run) this.catchingUp.delete(organizationId);
      });
    this.catchingUp.set(organizationId, run);
  }

  private tellEveryOrganisation(): void {
    for (const listener of this.everyOrganisation) listener();
  }
}
