import type { Database } from 'better-sqlite3';

/**
 * People on this desktop. Every outbox job carries its author (the person signed in when the
 * change was made; NULL: the desktop itself, or a job from before people signed in), so that it
 * is sent with that person's session and waits while this desktop holds none for them.
 *
 * desktop_people: who signed in here lately, for the reception PC's quick switch: what the
 * backend said of them at sign-in, their PIN's Argon2id hash (never the PIN), the wrong PINs
 * typed since the last right one, and `ending`: signed out, their session ends on the backend
 * once the changes they made here are sent (1), and they leave the list then too (2). Their
 * refresh token is in the secret store, never here.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE outbox ADD COLUMN author TEXT;
    CREATE INDEX outbox_by_author ON outbox (author) WHERE author IS NOT NULL;
    CREATE TABLE desktop_people (
      user_id        TEXT PRIMARY KEY,
      name           TEXT NOT NULL,
      email          TEXT NOT NULL,
      role           TEXT NOT NULL,
      inboxes        TEXT NOT NULL,
      pin_hash       TEXT,
      pin_failures   INTEGER NOT NULL DEFAULT 0,
      ending         INTEGER NOT NULL DEFAULT 0,
      signed_in_at   INTEGER NOT NULL
    ) STRICT;
  `);
}
