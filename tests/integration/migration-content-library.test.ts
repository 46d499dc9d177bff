import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MIGRATIONS } from '../../src/backend/store/migrations';
import { BackendStore } from '../../src/backend/store/backend-store';
import { openDatabase } from '../../src/sqlite/database';
import { tempDataFile } from '../support/desktop';

describe('backend store migration 0017 (Content Library)', () => {
  it('keeps an existing template approved, its hints as its parameters’ sources and labels', async () => {
    const file = tempDataFile();
    const before = openDatabase(file, MIGRATIONS.slice(0, 16));
    before.prepare("INSERT INTO organizations (id, name, created_at) VALUES ('o1', 'Autobedrijf', 1)").run();
    before
      .prepare(
        `INSERT INTO watemplates (id, organization_id, name, language, category, body, buttons, parameter_hints)
         VALUES ('t1', 'o1', 'appointment_reminder', 'nl', 'UTILITY', 'Beste {{1}}, tot {{2}} bij {{3}}. Kenteken {{4}}.', '[{"type":"quick_reply","text":"Ja","payload":"YES"}]',
                 '["customerName","date","owner"]')`,
      )
      .run();
    before.close();

    const store = await BackendStore.open({ dataFile: file });
    try {
      const [template] = await store.templates.list('o1');
      assert.equal(template!.status, 'APPROVED');
      assert.equal(template!.title, 'Appointment reminder');
      assert.equal(template!.rejectionReason, null);
      assert.equal(template!.providerId, null);
      assert.deepEqual(template!.parameters, [
        { label: 'Customer name', source: 'customerName', example: '' },
        { label: 'Date', source: 'date', example: '' },
        { label: 'Advisor', source: 'advisor', example: '' },
        // The body's fourth value had no hint: the advisor types it.
        { label: 'Value 4', source: 'none', example: '' },
      ]);
      assert.deepEqual(template!.parameterHints, ['customerName', 'date', 'advisor', 'none']);
      assert.deepEqual(template!.buttons, [{ type: 'quick_reply', text: 'Ja', payload: 'YES' }]);
    } finally {
      await store.close();
    }
  });
});
