import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { hashToken, newToken } from '../access/tokens';

export interface Principal {
  userId: string;
  organizationId: string;
}

export interface InboxRow {
  id: string;
  organization_id: string;
  name: string;
  kind: 'dealership' | 'workshop';
  zone: string;
  country: string;
  reminder_hour: number;
}

export interface NewOrganization {
  name: string;
  inboxes: Array<{ id?: string; name: string; kind: 'dealership' | 'workshop'; zone: string; country: string; reminderHour?: number }>;
  user: { name: string; email?: string };
}

export class OrganizationsRepo {
  constructor(private readonly db: Database) {}

  /** An organisation with its inboxes and first user; answers the user's token, which is not stored. */
  create(org: NewOrganization, now: number): { organizationId: string; inboxIds: string[]; userId: string; token: string } {
    const organizationId = randomUUID();
    const userId = randomUUID();
    const inboxIds: string[] = [];
    const token = newToken();
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)').run(organizationId, org.name, now);
      const inbox = this.db.prepare(
        'INSERT INTO inboxes (id, organization_id, name, kind, zone, country, reminder_hour) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      for (const i of org.inboxes) {
        const id = i.id ?? randomUUID();
        inbox.run(id, organizationId, i.name, i.kind, i.zone, i.country, i.reminderHour ?? 17);
        inboxIds.push(id);
      }
      this.db
        .prepare('INSERT INTO users (id, organization_id, name, email, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(userId, organizationId, org.user.name, org.user.email ?? null, now);
      this.insertToken(token, userId, organizationId, 'first user', now);
    })();
    return { organizationId, inboxIds, userId, token };
  }

  /** Another token for a user, e.g. one per desktop, each revocable on its own. */
  issueToken(principal: Principal, label: string, now: number): string {
    const token = newToken();
    this.insertToken(token, principal.userId, principal.organizationId, label, now);
    return token;
  }

  authenticate(token: string): Principal | undefined {
    return this.db
      .prepare<[string], Principal>(
        'SELECT user_id AS userId, organization_id AS organizationId FROM tokens WHERE hash = ? AND revoked_at IS NULL',
      )
      .get(hashToken(token));
  }

  get(organizationId: string): { id: string; name: string } | undefined {
    return this.db.prepare<[string], { id: string; name: string }>('SELECT id, name FROM organizations WHERE id = ?').get(organizationId);
  }

  /** Every organisation's inboxes (the reminder bot goes through them all). */
  allInboxes(): InboxRow[] {
    return this.db.prepare<[], InboxRow>('SELECT * FROM inboxes').all();
  }

  /** The first organisation set up on this backend, and a user of it (the built-in demo has one). */
  first(): { organizationId: string; userId: string } | undefined {
    return this.db
      .prepare<[], { organizationId: string; userId: string }>(
        `SELECT o.id AS organizationId, (SELECT u.id FROM users u WHERE u.organization_id = o.id ORDER BY u.created_at LIMIT 1) AS userId
         FROM organizations o ORDER BY o.created_at LIMIT 1`,
      )
      .get();
  }

  inboxes(organizationId: string): InboxRow[] {
    return this.db.prepare<[string], InboxRow>('SELECT * FROM inboxes WHERE organization_id = ? ORDER BY name').all(organizationId);
  }

  inbox(organizationId: string, id: string): InboxRow | undefined {
    return this.db
      .prepare<[string, string], InboxRow>('SELECT * FROM inboxes WHERE organization_id = ? AND id = ?')
      .get(organizationId, id);
  }

  private insertToken(token: string, userId: string, organizationId: string, label: string, now: number): void {
    this.db
      .prepare('INSERT INTO tokens (hash, user_id, organization_id, label, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(hashToken(token), userId, organizationId, label, now);
  }
}
