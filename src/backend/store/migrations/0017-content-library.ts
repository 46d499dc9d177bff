import type { Database } from 'better-sqlite3';

/** The label an old hint gives its parameter, for the Content Library's form and the picker. */
const HINT_LABELS: Record<string, { label: string; source: string }> = {
  customerName: { label: 'Customer name', source: 'customerName' },
  date: { label: 'Date', source: 'date' },
  time: { label: 'Time', source: 'time' },
  plate: { label: 'Plate', source: 'plate' },
  make: { label: 'Make', source: 'make' },
  model: { label: 'Model', source: 'model' },
  workOrder: { label: 'Work order', source: 'workOrder' },
  owner: { label: 'Advisor', source: 'advisor' },
  organisation: { label: 'Organisation', source: 'organisation' },
};

/** appointment_reminder → Appointment reminder: a first readable title, which a manager can change. */
function titleOf(name: string): string {
  const words = name.replace(/_+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : name;
}

/**
 * Templates become the organisation's Content Library: submitted to a WhatsApp business account
 * and followed through Meta's review. Templates stored before were mirrored from ones Meta had
 * approved, so they stay approved, with no account (they are sent as before); their hints become
 * their parameters' sources and labels, with no example (Meta has already reviewed them).
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE watemplates ADD COLUMN business_account_id TEXT;
    ALTER TABLE watemplates ADD COLUMN provider_id TEXT;
    ALTER TABLE watemplates ADD COLUMN status TEXT NOT NULL DEFAULT 'APPROVED'
      CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'PAUSED', 'DISABLED'));
    ALTER TABLE watemplates ADD COLUMN rejection_reason TEXT;
    ALTER TABLE watemplates ADD COLUMN title TEXT;
    ALTER TABLE watemplates ADD COLUMN header TEXT;
    ALTER TABLE watemplates ADD COLUMN footer TEXT;
    ALTER TABLE watemplates ADD COLUMN parameters TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE watemplates ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE watemplates ADD COLUMN header_parameter TEXT;
    -- Set when a sync no longer finds the template in its account: kept (messages name it), shown as missing.
    ALTER TABLE watemplates ADD COLUMN missing_since INTEGER;
    CREATE UNIQUE INDEX watemplates_by_provider_id ON watemplates (business_account_id, provider_id) WHERE provider_id IS NOT NULL;
  `);
  const rows = db.prepare<[], { id: string; name: string; body: string; parameter_hints: string }>('SELECT id, name, body, parameter_hints FROM watemplates').all();
  const update = db.prepare('UPDATE watemplates SET title = ?, parameters = ? WHERE id = ?');
  for (const row of rows) {
    const hints = JSON.parse(row.parameter_hints) as string[];
    // Every {{n}} of the body gets a parameter; one no hint named is filled in by the advisor.
    const count = new Set([...row.body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => m[1])).size;
    const parameters = Array.from({ length: Math.max(count, hints.length) }, (_, i) => {
      const hint = hints[i];
      return { ...((hint && HINT_LABELS[hint]) || { label: `Value ${i + 1}`, source: 'none' }), example: '' };
    });
    update.run(titleOf(row.name), JSON.stringify(parameters), row.id);
  }
}
