import type { Database, Statement } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';

/** What an outbox job asks of the backend; its payload's shape is the kind's (relay/outbox-commands). */
export const OUTBOX_KINDS = ['board', 'appointments', 'message', 'read'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export interface OutboxJob {
  seq: number;
  key: string;
  kind: OutboxKind;
  appointmentId: string | null;
  payload: unknown;
  attempts: number;
  lastError: string | null;
}

type Row = Omit<OutboxJob, 'payload'> & { payload: string };

const COLUMNS = 'seq, key, kind, appointment_id AS appointmentId, payload, attempts, last_error AS lastError';

/**
 * The durable queue of commands for the backend (Signal's JobQueue is the model): a job is
 * added inside the transaction of the local change it carries, and leaves only when the
 * backend has answered it.
 */
export class OutboxRepo {
  private readonly insert: Statement<[string, string, string | null, string, number]>;
  private readonly first: Statement<[], Row>;

  constructor(private readonly db: Database) {
    this.insert = db.prepare('INSERT INTO outbox (key, kind, appointment_id, payload, created_at) VALUES (?, ?, ?, ?, ?)');
    this.first = db.prepare(`SELECT ${COLUMNS} FROM outbox ORDER BY seq LIMIT 1`);
  }

  /** Call inside the transaction of the change; the key goes to the backend as Idempotency-Key. */
  add(kind: OutboxKind, appointmentId: string | null, payload: unknown, now: number, key: string = randomUUID()): string {
    this.insert.run(key, kind, appointmentId, JSON.stringify(payload), now);
    if (kind === 'appointments') {
      this.db
        .prepare(`INSERT OR IGNORE INTO outbox_appointments (job_key, appointment_id) SELECT ?, value FROM json_each(?, '$.appointmentIds')`)
        .run(key, JSON.stringify(payload));
    }
    return key;
  }

  /**
   * Whether a job other than `exceptKey` still has to send this appointment as this desktop has
   * it: until it is sent, the backend's copy is older than the card, and must not overwrite it.
   */
  pendingAppointmentUpsert(appointmentId: string, exceptKey: string | null = null): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM outbox_appointments WHERE appointment_id = ? AND job_key IS NOT ? LIMIT 1')
        .get(appointmentId, exceptKey) !== undefined
    );
  }

  next(): OutboxJob | undefined {
    const row = this.first.get();
    return row && { ...row, payload: JSON.parse(row.payload) as unknown };
  }

  done(key: string): void {
    this.db.prepare('DELETE FROM outbox WHERE key = ?').run(key);
  }

  failedAttempt(key: string, error: string): number {
    return this.db
      .prepare<[string, string], number>('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE key = ? RETURNING attempts')
      .pluck()
      .get(error, key)!;
  }

  count(): number {
    return this.db.prepare<[], number>('SELECT count(*) FROM outbox').pluck().get()!;
  }

  /**
   * Whether a change of this card's `field` made here still waits for the backend: until it is
   * sent, the backend's older state must not overwrite what the advisor sees.
   */
  pendingBoardChange(appointmentId: string, field: 'column' | 'colour'): boolean {
    return (
      this.db
        .prepare(
          `SELECT 1 FROM outbox WHERE appointment_id = ? AND kind = 'board' AND json_extract(payload, '$.' || ?) IS NOT NULL LIMIT 1`,
        )
        .get(appointmentId, field) !== undefined
    );
  }

  /** The backend already knew this appointment under another id: waiting jobs follow it. */
  rekeyAppointment(oldId: string, newId: string): void {
    this.db.prepare('UPDATE outbox SET appointment_id = ? WHERE appointment_id = ?').run(newId, oldId);
    this.db
      .prepare(
        `UPDATE outbox SET payload = json_set(payload, '$.appointmentId', ?)
         WHERE appointment_id = ? AND json_extract(payload, '$.appointmentId') = ?`,
      )
      .run(newId, newId, oldId);
    this.db.prepare('UPDATE OR IGNORE outbox_appointments SET appointment_id = ? WHERE appointment_id = ?').run(newId, oldId);
    // A job of several appointments names them in its list.
    this.db
      .prepare(
        `UPDATE outbox SET payload = json_set(payload, '$.appointmentIds',
           (SELECT json_group_array(CASE WHEN value = @oldId THEN @newId ELSE value END) FROM json_each(payload, '$.appointmentIds')))
         WHERE kind = 'appointments' AND EXISTS (SELECT 1 FROM json_each(payload, '$.appointmentIds') WHERE value = @oldId)`,
      )
      .run({ oldId, newId });
  }

  /**
   * The highest job number now. Read before and after adding jobs in one transaction, it
   * brackets exactly those jobs (a number freed by a sent job may be taken again later, which
   * can only make them look waiting longer, never sent too soon).
   */
  lastSeq(): number {
    return this.db.prepare<[], number>('SELECT coalesce(max(seq), 0) FROM outbox').pluck().get()!;
  }

  /** How many jobs numbered after `after`, up to `upTo`, still wait for the backend. */
  waitingBetween(after: number, upTo: number): number {
    return this.db.prepare<[number, number], number>('SELECT count(*) FROM outbox WHERE seq > ? AND seq <= ?').pluck().get(after, upTo)!;
  }
}
