import type { Database } from 'better-sqlite3';

export interface PushedVersion {
  occurredAt: number;
  sequence: number;
}

export interface PushedKey {
  organizationId: string;
  source: string;
  branch: string;
  sourceId: string;
}

/** What a pushing source (ISPA Next) has delivered: event ids seen, and each appointment's newest version. */
export class PushedEventsRepo {
  constructor(private readonly db: Database) {}

  outcomeOf(organizationId: string, source: string, eventId: string): string | undefined {
    return this.db
      .prepare<[string, string, string], string>('SELECT outcome FROM pushed_events WHERE organization_id = ? AND source = ? AND event_id = ?')
      .pluck()
      .get(organizationId, source, eventId);
  }

  record(organizationId: string, source: string, eventId: string, outcome: string, now: number): void {
    this.db
      .prepare('INSERT INTO pushed_events (organization_id, source, event_id, outcome, received_at) VALUES (?, ?, ?, ?, ?)')
      .run(organizationId, source, eventId, outcome, now);
  }

  /** Takes `version` as the appointment's newest if it is newer than the stored one; false: it is stale. */
  advance(key: PushedKey, version: PushedVersion): boolean {
    const stored = this.db
      .prepare<[string, string, string, string], PushedVersion>(
        `SELECT occurred_at AS occurredAt, sequence FROM pushed_versions
         WHERE organization_id = ? AND source = ? AND branch = ? AND source_id = ?`,
      )
      .get(key.organizationId, key.source, key.branch, key.sourceId);
    if (stored && (version.occurredAt < stored.occurredAt || (version.occurredAt === stored.occurredAt && version.sequence <= stored.sequence))) {
      return false;
    }
    this.db
      .prepare(
        `INSERT INTO pushed_versions (organization_id, source, branch, source_id, occurred_at, sequence)
         VALUES (@organizationId, @source, @branch, @sourceId, @occurredAt, @sequence)
         ON CONFLICT (organization_id, source, branch, source_id)
         DO UPDATE SET occurred_at = excluded.occurred_at, sequence = excluded.sequence`,
      )
      .run({ ...key, ...version });
    return true;
  }
}
