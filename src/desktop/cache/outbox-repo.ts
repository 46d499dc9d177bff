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
  /** The person who made the change (it is sent with their session); null: the desktop itself. */
  author: string | null;
}

type Row = Omit<OutboxJob, 'payload'> & { payload: string };

const COLUMNS = 'seq, key, kind, appointment_id AS appointmentId, payload, attempts, last_error AS lastError, author';

/**
 * The durable queue of commands for the backend (Signal's JobQueue is the model): a job is
 * added inside the transaction of the local change it carries, and leaves only when the
 * backend has answered it.
 */
export class OutboxRepo {
  private readonly insert: Statement<[string, string, string | null, string, number, string | null]>;
  private readonly first: Statement<[], Row>;

  constructor(private readonly db: Database) {
    this.insert = db.prepare('INSERT INTO outbox (key, kind, appointment_id, payload, created_at, author) VALUES (?, ?, ?, ?, ?, ?)');
    this.first = db.prepare(`SELECT ${COLUMNS} FROM outbox ORDER BY seq LIMIT 1`);
  }

  /**
   * Call inside the transaction of the change; the key goes to the backend as Idempotency-Key.
   * `author`: the person who made it, whose session sends it (null: the desktop's own token).
   */
  add(kind: OutboxKind, appointmentId: string | null, payload: unknown, now: number, key: string = randomUUID(), author: string | null = null): string {
    this.insert.run(key, kind, appointmentId, JSON.stringify(payload), now, author);
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

  /**
   * The first job that can be sent now: its author's session is among `held` (or it has none),
   * and no earlier job about the same appointment waits for a person this desktop holds no
   * session for (a card's changes reach the backend in the order they were made). Without
   * `held`, simply the first job.
   */
  next(held?: readonly string[]): OutboxJob | undefined {
    let row = this.first.get();
    if (held && row && row.author !== null && !held.includes(row.author)) row = this.firstSendable(held);
    return row && { ...row, payload: JSON.parse(row.payload) as unknown };
  }

  private firstSendable(held: readonly string[]): Row | undefined {
    return this.db
      .prepare<[string], Row>(
        `WITH held(author) AS (SELECT value FROM json_each(?)),
         blocked AS (SELECT seq, appointment_id, key FROM outbox WHERE author IS NOT NULL AND author NOT IN (SELECT author FROM held))
         SELECT ${COLUMNS} FROM outbox o
         WHERE (o.author IS NULL OR o.author IN (SELECT author FROM held))
           AND NOT EXISTS (
             SELECT 1 FROM blocked b
             WHERE b.seq < o.seq AND (
               (o.appointment_id IS NOT NULL AND b.appointment_id = o.appointment_id)
               OR EXISTS (SELECT 1 FROM outbox_appointments bo JOIN outbox_appointments oo ON oo.appointment_id = bo.appointment_id
                          WHERE bo.job_key = b.key AND oo.job_key = o.key)
               OR (o.appointment_id IS NOT NULL AND EXISTS (SELECT 1 FROM outbox_appointments bo WHERE bo.job_key = b.key AND bo.appointment_id = o.appointment_id))
               OR (b.appointment_id IS NOT NULL AND EXISTS (SELECT 1 FROM outbox_appointments oo WHERE oo.job_key = o.key AND oo.appointment_id = b.appointment_id))))
         ORDER BY o.seq LIMIT 1`,
      )
      .get(JSON.stringify(held));
  }

  /**
   * The waiting jobs of people the organisation removed (ColleaguesRepo), oldest first, but the
   * one being sent now (`sending`): no session of theirs will send them any more.
   */
  byRemovedAuthors(sending: string | null): OutboxJob[] {
    return this.db
      .prepare<[string | null], Row>(
        `SELECT ${COLUMNS} FROM outbox WHERE author IN (SELECT id FROM colleagues WHERE removed = 1) AND key IS NOT ? ORDER BY seq`,
      )
      .all(sending)
      .map((row) => ({ ...row, payload: JSON.parse(row.payload) as unknown }));
  }

  /** The authors of waiting jobs this desktop holds no session for (`held`): their changes wait for them. */
  waitingAuthors(held: readonly string[]): string[] {
    return this.db
      .prepare<[string], string>(
        'SELECT DISTINCT author FROM outbox WHERE author IS NOT NULL AND author NOT IN (SELECT value FROM json_each(?)) ORDER BY author',
      )
      .pluck()
      .all(JSON.stringify(held));
  }

  /** How many of this person's changes still wait for the backend. */
  countBy(author: string): number {
    return this.db.prepare<[string], number>('SELECT count(*) FROM outbox WHERE author = ?').pluck().get(author)!;
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
  pendingBoardChange(appointmentId: string, field: 'column' | 'colour' | 'advisor'): boolean {
    return (
      this.db
        .prepare(
          // json_type, not json_extract: an advisor cleared here is a JSON null that waits too.
          `SELECT 1 FROM outbox WHERE appointment_id = ? AND kind = 'board' AND json_type(payload, '$.' || ?) IS NOT NULL LIMIT 1`,
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
