import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startBackend, type RunningBackend } from '../../src/backend/backend';
import { hashToken } from '../../src/backend/access/tokens';
import { MIGRATIONS } from '../../src/backend/store/migrations';
import { openDatabase } from '../../src/sqlite/database';
import { call } from '../support/backend';
import { manualClock, silentLogger, tempDataFile } from '../support/desktop';

describe('backend migration 0012: people', () => {
  const clock = manualClock(Date.parse('2026-11-25T08:00:00Z'));
  let backend: RunningBackend | undefined;
  after(async () => backend?.close());

  it('makes the users that exist managers, and their tokens personal tokens that still work; a revoked one stays refused', async () => {
    const file = tempDataFile();
    const old = openDatabase(file, MIGRATIONS.slice(0, 11));
    old.prepare("INSERT INTO organizations (id, name, created_at) VALUES ('o1', 'Autobedrijf', 1)").run();
    old.prepare("INSERT INTO inboxes (id, organization_id, name, kind, zone, country) VALUES ('i1', 'o1', 'Werkplaats', 'workshop', 'Europe/Amsterdam', 'NL')").run();
    old.prepare("INSERT INTO users (id, organization_id, name, email, created_at) VALUES ('u1', 'o1', 'Sanne', 'sanne@example.nl', 1)").run();
    // Tokens as version 0011 made them: asb_…, only their hash stored.
    old.prepare("INSERT INTO tokens (hash, user_id, organization_id, label, created_at) VALUES (?, 'u1', 'o1', 'Balie 1', 2)").run(hashToken('asb_desk-one'));
    old.prepare("INSERT INTO tokens (hash, user_id, organization_id, label, created_at, revoked_at) VALUES (?, 'u1', 'o1', 'lost laptop', 3, 4)").run(hashToken('asb_lost'));
    old.close();

    backend = await startBackend({ dataFile: file, clock, logger: silentLogger, country: 'NL', reminderEveryMs: 0 });
    const db = backend.store.sql;
    assert.equal((await db.get(sql<{ user_version: number }>`PRAGMA user_version`))!.user_version, MIGRATIONS.length);
    assert.equal((await db.get(sql<{ n: number }>`SELECT count(*) AS n FROM sqlite_schema WHERE name = 'tokens'`))!.n, 0, 'the tokens table is gone');

    const me = await call(backend.url, 'asb_desk-one', 'GET', '/v2/auth/me');
    assert.equal(me.status, 200, JSON.stringify(me.body));
    assert.equal(me.body.kind, 'user');
    assert.equal(me.body.role, 'manager');
    assert.equal(me.body._id, 'u1');
    assert.equal(me.body.user.email, 'sanne@example.nl');
    assert.equal((await call(backend.url, 'asb_desk-one', 'GET', '/v2/organization')).status, 200);

    const revoked = await call(backend.url, 'asb_lost', 'GET', '/v2/organization');
    assert.equal(revoked.status, 401);
    assert.equal(revoked.body.error.code, 'SESSION_ENDED');

    const sessions = await call(backend.url, 'asb_desk-one', 'GET', '/v2/sessions?revoked=true');
    assert.deepEqual(
      sessions.body.data.map((s: { kind: string; role: string; subject: string; revokedAt: number | null }) => [s.kind, s.role, s.subject, s.revokedAt]),
      [['user', 'manager', 'u1', null], ['user', 'manager', 'u1', 4]],
    );
    assert.ok(sessions.body.data[0].expiresAt > clock.now(), 'the migrated token has an end, after now');
  });
});
