import type { Database } from 'better-sqlite3';

/**
 * Every change says who made it. Messages and comments keep their author as the backend named
 * them (so a name survives the person's removal); a card keeps its service advisor (a user id,
 * named through the colleagues); the organisation's people are kept for the advisor picker and
 * those names; and each card's history of moves, colours and advisors is kept from the event
 * stream, one line per event (its seq), so a replayed event never adds a second line.
 *
 * `remote_column` is the column the backend last announced for the card: the backend announces
 * a reorder within a column as a move too, and only a move to another column is history; the
 * card's own column cannot tell, since it already shows a move made here before its event comes.
 * A card whose move made here still waits to be sent does not know the backend's column (null:
 * its next move event is taken as a change of column); every other card has the backend's column.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE messages ADD COLUMN author_id TEXT;
    ALTER TABLE messages ADD COLUMN author_name TEXT;
    ALTER TABLE messages ADD COLUMN author_kind TEXT CHECK (author_kind IN ('user', 'device', 'integration'));

    ALTER TABLE appointments ADD COLUMN advisor TEXT;
    ALTER TABLE appointments ADD COLUMN remote_column TEXT
      CHECK (remote_column IN ('new', 'in_service', 'on_hold', 'ready', 'finished'));
    UPDATE appointments SET remote_column = column_id
      WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.appointment_id = appointments.id AND o.kind = 'board'
        AND json_type(o.payload, '$.column') IS NOT NULL);

    -- removed: gone from the organisation; kept for the names on earlier changes and cards.
    CREATE TABLE colleagues (
      id      TEXT PRIMARY KEY,
      name    TEXT NOT NULL,
      role    TEXT NOT NULL CHECK (role IN ('advisor', 'manager')),
      removed INTEGER NOT NULL DEFAULT 0
    ) STRICT;

    -- seq: the backend event that made the change. value: the column, the colour, or the
    -- advisor's user id (null: the advisor was cleared).
    CREATE TABLE card_history (
      seq            INTEGER PRIMARY KEY,
      appointment_id TEXT NOT NULL,
      at             INTEGER NOT NULL,
      by_id          TEXT,
      by_name        TEXT,
      by_kind        TEXT CHECK (by_kind IN ('user', 'device', 'integration')),
      change         TEXT NOT NULL CHECK (change IN ('column', 'colour', 'advisor')),
      value          TEXT
    ) STRICT;
    CREATE INDEX card_history_by_appointment ON card_history (appointment_id, seq);
  `);
}
