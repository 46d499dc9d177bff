import type { Database } from 'better-sqlite3';

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * People, devices, integrations and their sessions (issue 11). Every credential becomes a row
 * of `sessions` with a role and an end. The users that exist had every right, so they become
 * managers; each of their old tokens becomes a personal token session of that user with the
 * same hash, so desktops joined with one keep working as that person, for a year from now.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'advisor' CHECK (role IN ('advisor', 'manager'));
    ALTER TABLE users ADD COLUMN password_hash TEXT;
    -- The inboxes the person works in, as a JSON array of ids; empty: all of the organisation's.
    ALTER TABLE users ADD COLUMN inboxes TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE users ADD COLUMN oidc_subject TEXT;
    -- Only a SHA-256 of the one-time code is kept, as of tokens.
    ALTER TABLE users ADD COLUMN invitation_hash TEXT;
    ALTER TABLE users ADD COLUMN invitation_expires_at INTEGER;
    ALTER TABLE users ADD COLUMN last_sign_in_at INTEGER;
    -- A removed person stays for the names in the history; they cannot sign in.
    ALTER TABLE users ADD COLUMN removed_at INTEGER;
    UPDATE users SET role = 'manager';
    CREATE UNIQUE INDEX users_by_email ON users (organization_id, email COLLATE NOCASE)
      WHERE removed_at IS NULL AND email IS NOT NULL;
    CREATE UNIQUE INDEX users_by_invitation ON users (invitation_hash) WHERE invitation_hash IS NOT NULL;
    -- Of the people not removed: a removed person keeps their subject (the history says who
    -- they were, and their provider account does not come back on its own), while the person a
    -- manager adds again takes it on their next sign-in.
    CREATE UNIQUE INDEX users_by_oidc_subject ON users (organization_id, oidc_subject)
      WHERE removed_at IS NULL AND oidc_subject IS NOT NULL;

    CREATE TABLE devices (
      id              TEXT PRIMARY KEY,
      organization_id TEXT NOT NULL REFERENCES organizations (id),
      name            TEXT NOT NULL,
      role            TEXT NOT NULL CHECK (role IN ('desktop', 'wall')),
      created_at      INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE integrations (
      id              TEXT PRIMARY KEY,
      organization_id TEXT NOT NULL REFERENCES organizations (id),
      name            TEXT NOT NULL,
      system          TEXT NOT NULL CHECK (system IN ('ispa', 'keyloop')),
      inboxes         TEXT NOT NULL,
      created_at      INTEGER NOT NULL
    ) STRICT;

    -- One row per credential and its renewals. token_kind: 'refresh' (a person signed in; the
    -- hash is of the refresh token), 'personal' (a person's own API token), 'device',
    -- 'integration'. A person's session ends at the earlier of expires_at (sliding) and
    -- absolute_expires_at.
    CREATE TABLE sessions (
      id                  TEXT PRIMARY KEY,
      organization_id     TEXT NOT NULL REFERENCES organizations (id),
      token_kind          TEXT NOT NULL CHECK (token_kind IN ('refresh', 'personal', 'device', 'integration')),
      token_hash          TEXT NOT NULL UNIQUE,
      user_id             TEXT REFERENCES users (id),
      device_id           TEXT REFERENCES devices (id),
      integration_id      TEXT REFERENCES integrations (id),
      label               TEXT NOT NULL DEFAULT '',
      created_at          INTEGER NOT NULL,
      last_used_at        INTEGER,
      expires_at          INTEGER NOT NULL,
      absolute_expires_at INTEGER,
      revoked_at          INTEGER,
      CHECK (token_kind NOT IN ('refresh', 'personal') OR user_id IS NOT NULL),
      CHECK (token_kind <> 'device' OR (device_id IS NOT NULL AND user_id IS NULL)),
      CHECK (token_kind <> 'integration' OR integration_id IS NOT NULL)
    ) STRICT;
    CREATE INDEX sessions_by_organization ON sessions (organization_id, created_at);
    CREATE INDEX sessions_by_user ON sessions (user_id) WHERE user_id IS NOT NULL;
    CREATE INDEX sessions_by_device ON sessions (device_id) WHERE device_id IS NOT NULL;

    -- Append-only: the rowid only grows, so it orders lines of one millisecond (no AUTOINCREMENT,
    -- whose sqlite_sequence table could not be STRICT).
    CREATE TABLE audit (
      id              INTEGER PRIMARY KEY,
      organization_id TEXT NOT NULL REFERENCES organizations (id),
      at              INTEGER NOT NULL,
      action          TEXT NOT NULL,
      actor_id        TEXT,
      actor_name      TEXT,
      actor_kind      TEXT CHECK (actor_kind IN ('user', 'device', 'integration')),
      device          TEXT,
      address         TEXT,
      detail          TEXT NOT NULL
    ) STRICT;
    CREATE INDEX audit_by_organization ON audit (organization_id, at);

    -- The organisation's OpenID provider (OidcSettingsSchema as JSON); no row: passwords only.
    CREATE TABLE oidc_settings (
      organization_id TEXT PRIMARY KEY REFERENCES organizations (id),
      settings        TEXT NOT NULL,
      updated_at      INTEGER NOT NULL
    ) STRICT;

    -- A person's view choices (UserSettingsSchema as JSON), on every desktop they sign in to.
    CREATE TABLE user_settings (
      user_id    TEXT PRIMARY KEY REFERENCES users (id),
      settings   TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
  `);
  // A migration has no clock port: the year of the migrated tokens starts when the file is migrated.
  db.prepare(
    `INSERT INTO sessions (id, organization_id, token_kind, token_hash, user_id, label, created_at, expires_at, revoked_at)
     SELECT lower(hex(randomblob(16))), organization_id, 'personal', hash, user_id, label, created_at, ?, revoked_at FROM tokens`,
  ).run(Date.now() + YEAR_MS);
  db.exec('DROP TABLE tokens');
}
