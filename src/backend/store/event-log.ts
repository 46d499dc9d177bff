import type { Database, Statement } from 'better-sqlite3';
import type { BackendEvent, EventType } from '../../api/v2/event';

type Row = { seq: number; type: EventType; data: string; created_at: number };

/**
 * The append-only log of every change, with a gapless sequence per organisation. Appends
 * happen inside the transaction of the change they describe, so a change and its event are
 * stored together or not at all.
 */
export class EventLog {
  private readonly nextSeq: Statement<[string], { seq: number }>;
  private readonly insert: Statement<[string, number, string, string, number]>;
  private readonly sinceStmt: Statement<[string, number, number], Row>;

  constructor(db: Database) {
    this.nextSeq = db.prepare('SELECT coalesce(max(seq), 0) + 1 AS seq FROM events WHERE organization_id = ?');
    this.insert = db.prepare('INSERT INTO events (organization_id, seq, type, data, created_at) VALUES (?, ?, ?, ?, ?)');
    this.sinceStmt = db.prepare(
      'SELECT seq, type, data, created_at FROM events WHERE organization_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    );
  }

  append(organizationId: string, type: EventType, data: Record<string, unknown>, now: number): BackendEvent {
    const { seq } = this.nextSeq.get(organizationId)!;
    this.insert.run(organizationId, seq, type, JSON.stringify(data), now);
    return { seq, type, data, createdAt: now };
  }

  /** The sequence number of the organisation's newest event; 0 before its first. */
  lastSeq(organizationId: string): number {
    return this.nextSeq.get(organizationId)!.seq - 1;
  }

  since(organizationId: string, seq: number, limit: number): BackendEvent[] {
    return this.sinceStmt.all(organizationId, seq, limit).map((r) => ({
      seq: r.seq,
      type: r.type,
      data: JSON.parse(r.data) as Record<string, unknown>,
      createdAt: r.created_at,
    }));
  }
}
