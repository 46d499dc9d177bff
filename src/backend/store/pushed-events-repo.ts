import { sql } from 'kysely';
import type { StoreDatabase } from './sql/store-database';

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
  constructor(private readonly db: StoreDatabase) {}

  async outcomeOf(organizationId: string, source: string, eventId: string): Promise<string | undefined> {
    const row = await this.db.get(
      sql<{ outcome: string }>`SELECT outcome FROM pushed_events WHERE organization_id = ${organizationId} AND source = ${source} AND event_id = ${eventId}`,
    );
    return row?.outcome;
  }

  async record(organizationId: string, source: string, eventId: string, outcome: string, now: number): Promise<void> {
    await this.db.run(
      sql`INSERT INTO pushed_events (organization_id, source, event_id, outcome, received_at) VALUES (${organizationId}, ${source}, ${eventId}, ${outcome}, ${now})`,
    );
  }

  /** Takes `version` as the appointment's newest if it is newer than the stored one; false: it is stale. */
  async advance(key: PushedKey, version: PushedVersion): Promise<boolean> {
    const stored = await this.db.get(
      sql<PushedVersion>`SELECT occurred_at AS "occurredAt", sequence FROM pushed_versions
         WHERE organization_id = ${key.organizationId} AND source = ${key.source} AND branch = ${key.branch} AND source_id = ${key.sourceId}`,
    );
    if (stored && (version.occurredAt < stored.occurredAt || (version.occurredAt === stored.occurredAt && version.sequence <= stored.sequence))) {
      return false;
    }
    await this.db.run(
      sql`INSERT INTO pushed_versions (organization_id, source, branch, source_id, occurred_at, sequence)
         VALUES (${key.organizationId}, ${key.source}, ${key.branch}, ${key.sourceId}, ${version.occurredAt}, ${version.sequence})
         ON CONFLICT (organization_id, source, branch, source_id)
         DO UPDATE SET occurred_at = excluded.occurred_at, sequence = excluded.sequence`,
    );
    return true;
  }
}
