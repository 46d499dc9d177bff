import type { Database } from 'better-sqlite3';
import type { CardHistoryEntry } from '../../api/people';
import type { Author } from '../../api/v2/auth';
import type { CardChange } from '../../domain/card-people';
import type { Colour, ColumnId } from '../../domain/columns';

type Row = {
  at: number;
  by_id: string | null;
  by_name: string | null;
  by_kind: Author['kind'] | null;
  change: CardChange['kind'];
  value: string | null;
  advisor_name: string | null;
};

/** A board change made here that waits in the outbox (its payload as queued), and who made it. */
export interface WaitingBoardChange {
  payload: unknown;
  createdAt: number;
  /** The person who made it (null: the desktop itself); named when the organisation's list names them. */
  author: { id: string; name: string | null } | null;
}

/**
 * Each card's moves, colours and advisors, with who made them and when, from the backend's
 * events only: the event log is the one order every desktop sees, and its seq makes each line
 * once, however often the event is applied again.
 */
export class CardHistoryRepo {
  constructor(private readonly db: Database) {}

  /** Call in the transaction that applies the event; a line of an event recorded before stays as it is. */
  record(seq: number, appointmentId: string, at: number, by: Author | null, change: CardChange): void {
    const value = change.kind === 'column' ? change.column : change.kind === 'colour' ? change.colour : change.advisor;
    this.db
      .prepare(
        `INSERT OR IGNORE INTO card_history (seq, appointment_id, at, by_id, by_name, by_kind, change, value)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(seq, appointmentId, at, by?.id ?? null, by?.name ?? null, by?.kind ?? null, change.kind, value);
  }

  /**
   * The card's history, newest first. An advisor is named as the organisation names them now;
   * one this desktop never heard of is shown by their id rather than left out.
   */
  lines(appointmentId: string): CardHistoryEntry[] {
    return this.db
      .prepare<[string], Row>(
        `SELECT h.at, h.by_id, h.by_name, h.by_kind, h.change, h.value, g.name AS advisor_name
         FROM card_history h LEFT JOIN colleagues g ON h.change = 'advisor' AND g.id = h.value
         WHERE h.appointment_id = ? ORDER BY h.seq DESC`,
      )
      .all(appointmentId)
      .map((r) => ({
        at: r.at,
        by: r.by_id !== null && r.by_kind !== null ? { id: r.by_id, name: r.by_name ?? '', kind: r.by_kind } : null,
        change:
          r.change === 'column'
            ? { kind: 'column', column: r.value as ColumnId }
            : r.change === 'colour'
              ? { kind: 'colour', colour: r.value as Colour }
              : { kind: 'advisor', advisor: r.value === null ? null : { id: r.value, name: r.advisor_name ?? r.value } },
        pending: false,
      }));
  }

  /** The board changes of this card made here that the backend has not taken yet, oldest first. */
  waiting(appointmentId: string): WaitingBoardChange[] {
    return this.db
      .prepare<[string], { payload: string; createdAt: number; author: string | null; authorName: string | null }>(
        `SELECT o.payload, o.created_at AS createdAt, o.author, g.name AS authorName
         FROM outbox o LEFT JOIN colleagues g ON g.id = o.author
         WHERE o.appointment_id = ? AND o.kind = 'board' ORDER BY o.seq`,
      )
      .all(appointmentId)
      .map((r) => ({
        payload: JSON.parse(r.payload) as unknown,
        createdAt: r.createdAt,
        author: r.author === null ? null : { id: r.author, name: r.authorName },
      }));
  }
}
