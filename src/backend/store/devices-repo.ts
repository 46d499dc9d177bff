import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { DeviceRole } from '../../api/v2/auth';
import type { StoreDatabase } from './sql/store-database';

export interface DeviceRow {
  id: string;
  organization_id: string;
  name: string;
  role: DeviceRole;
  created_at: number;
}

/** Registered devices (reception PCs, wall screens) and integrations (planning systems that push). */
export class DevicesRepo {
  constructor(private readonly db: StoreDatabase) {}

  async create(organizationId: string, name: string, role: DeviceRole, now: number): Promise<DeviceRow> {
    const id = randomUUID();
    await this.db.run(sql`INSERT INTO devices (id, organization_id, name, role, created_at) VALUES (${id}, ${organizationId}, ${name}, ${role}, ${now})`);
    return { id, organization_id: organizationId, name, role, created_at: now };
  }

  async get(organizationId: string, id: string): Promise<DeviceRow | undefined> {
    return this.db.get(sql<DeviceRow>`SELECT * FROM devices WHERE organization_id = ${organizationId} AND id = ${id}`);
  }

  async createIntegration(organizationId: string, integration: { name: string; system: 'ispa' | 'keyloop'; inboxes: string[] }, now: number): Promise<string> {
    const id = randomUUID();
    await this.db.run(
      sql`INSERT INTO integrations (id, organization_id, name, system, inboxes, created_at)
          VALUES (${id}, ${organizationId}, ${integration.name}, ${integration.system}, ${JSON.stringify(integration.inboxes)}, ${now})`,
    );
    return id;
  }
}
