import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuditRepo } from '../../src/backend/store/audit-repo';
import { MIGRATIONS } from '../../src/backend/store/migrations';
import { up as auditFacts } from '../../src/backend/store/migrations/0014-audit-facts';
import { openSqliteDatabase } from '../../src/backend/store/sql/sqlite-engine';
import { openDatabase, schemaVersion } from '../../src/sqlite/database';
import { tempDataFile } from '../support/desktop';

describe('backend migration 0014: audit facts', () => {
  it('keeps the lines written before as they were, with no facts; new lines keep their facts', async () => {
    const file = tempDataFile();
    const before = MIGRATIONS.indexOf(auditFacts);
    const old = openDatabase(file, MIGRATIONS.slice(0, before));
    old.prepare("INSERT INTO organizations (id, name, created_at) VALUES ('o1', 'Autobedrijf', 1)").run();
    old
      .prepare(
        "INSERT INTO audit (organization_id, at, action, actor_id, actor_name, actor_kind, device, address, detail) VALUES ('o1', 10, 'signin', 'u1', 'Sanne', 'user', 'Balie 1', '10.0.0.2', 'sanne@example.nl (password)')",
      )
      .run();
    old.close();

    const db = openDatabase(file, MIGRATIONS);
    assert.equal(schemaVersion(db), MIGRATIONS.length);
    db.close();
    const database = openSqliteDatabase(file);
    const audit = new AuditRepo(database);
    await audit.append('o1', { action: 'token.created', actor: { id: 'u1', name: 'Sanne', kind: 'user' }, device: null, address: '10.0.0.2', detail: 'sanne@example.nl', facts: { label: 'scripts', days: 30 } }, 20);
    const lines = (await audit.page('o1', undefined, 10)).items.map(({ action, detail, facts, device }) => ({ action, detail, facts, device }));
    assert.deepEqual(lines, [
      { action: 'token.created', detail: 'sanne@example.nl', facts: { label: 'scripts', days: 30 }, device: null },
      { action: 'signin', detail: 'sanne@example.nl (password)', facts: null, device: 'Balie 1' },
    ]);
    await database.close();
  });
});
