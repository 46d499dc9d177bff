import { sql } from 'kysely';
import type { BackendEvent, EventType } from '../../api/v2/event';
import type { StoreDatabase } from './sql/store-database';

type Row = { seq: number; type: EventType; data: string; created_at: number };

/**
 * The append-only log of every change, with a gapless sequence per organisation. Appends
 * happen inside the transaction of the change they describe, so a change and its event are
 * stored together or not at all. Each organisation's counter row is locked by its writes, so
 * writers in several processes take their seqs one after the other, never the same or with a gap.
 */
export class EventLog {
  constructor(private readonly db: StoreDatabase) {}

  /**
   * Locks the organisation's counter for the rest of the transaction and answers its last
   * seq: the writes of one organisation follow one another, in every process.
   */
  async lock(organizationId: string): Promise<number> {
    const locked = () =>
      this.db.get(sql<{ last_seq: number }>`SELECT last_seq FROM event_counters WHERE organization_id = ${organizationId} ${this.db.dialect.forUpdate}`);
    const row = await locked();
    if (row) return row.last_seq;
    // The organisation's first write: its counter is made (by whichever process gets there first) and then locked.
    await this.db.run(sql`INSERT INTO event_counters (organization_id, last_seq) VALUES (${organizationId}, 0) ON CONFLICT (organization_id) DO NOTHING`);
    return (await locked())!.last_seq;
  }

  /** Stores events numbered after the locked counter, and moves the counter past them. */
  async append(organizationId: string, events: BackendEvent[]): Promise<void> {
    if (events.length === 0) return;
    for (const event of events) {
      await this.db.run(
        sql`INSERT INTO events (organization_id, seq, type, data, created_at)
            VALUES (${organizationId}, ${event.seq}, ${event.type}, ${JSON.stringify(event.data)}, ${event.createdAt})`,
      );
    }
    await this.db.run(sql`UPDATE event_counters SET last_seq = ${events.at(-1)!.seq} WHERE organization_id = ${organizationId}`);
    const announce = this.db.dialect.announce(organizationId, events[0]!.seq, events.at(-1)!.seq);
    if (announce) await this.db.run(announce);
  }

  /** The sequence number of the organisation's newest event; 0 before its first. */
  async lastSeq(organizationId: string): Promise<number> {
    const row = await this.db.get(sql<{ last_seq: number }>`SELECT last_seq FROM event_counters WHERE organization_id = ${organizationId}`);
    return row?.last_seq ?? 0;
  }

  async since(organizationId: string, seq: number, limit: number): Promise<BackendEvent[]> {
    const rows = await this.db.all(
      sql<Row>`SELECT seq, type, data, created_at FROM events WHERE organization_id = ${organizationId} AND seq > ${seq} ORDER BY seq LIMIT ${limit}`,
    );
    return rows.map((r) => ({ seq: r.seq, type: r.type, data: JSON.parse(r.data) as Record<string, unknown>, createdAt: r.created_at }));
  }
}
