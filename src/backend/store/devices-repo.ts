import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { DeviceRole } from '../../api/v2/auth';

export interface DeviceRow {
  id: string;
  organization_id: string;
  name: string;
  role: DeviceRole;
  created_at: number;
}

/** Registered devices (reception PCs, wall screens) and integrations (planning systems that push). */
export class DevicesRepo {
  constructor(private readonly db: Database) {}

  create(organizationId: string, name: string, role: DeviceRole, now: number): DeviceRow {
    const id = randomUUID();
    this.db.prepare('INSERT INTO devices (id, organization_id, name, role, created_at) VALUES (?, ?, ?, ?, ?)').run(id, organizationId, name, role, now);
    return { id, organization_id: organizationId, name, role, created_at: now };
  }

  get(organizationId: string, id: string): DeviceRow | undefined {
    return this.db.prepare<[string, string], DeviceRow>('SELECT * FROM devices WHERE organization_id = ? AND id = ?').get(organizationId, id);
  }

  createIntegration(organizationId: string, integration: { name: string; system: 'ispa' | 'keyloop'; inboxes: string[] }, now: number): string {
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO integrations (id, organization_id, name, system, inboxes, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, organizationId, integration.name, integration.system, JSON.stringify(integration.inboxes), now);
    return id;
  }
}
