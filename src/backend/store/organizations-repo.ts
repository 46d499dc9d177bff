import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { hashToken, newToken } from '../access/tokens';
import { defaultTemplateLanguage, type InboxSettings, type InboxView, type UpdateInboxInput } from '../../api/v2/organization';
import type { SessionsRepo } from './sessions-repo';
import type { UsersRepo } from './users-repo';

/** How long the first manager's personal token works. */
const FIRST_TOKEN_MS = 365 * 24 * 60 * 60 * 1000;

export interface InboxRow {
  id: string;
  organization_id: string;
  name: string;
  kind: 'dealership' | 'workshop';
  zone: string;
  country: string;
  reminder_hour: number;
  whatsapp_channel_id: string | null;
  sms_channel_id: string | null;
  /** OpeningHoursSchema as JSON. */
  opening_hours: string;
  /** ClosedDateSchema[] as JSON. */
  closed_dates: string;
  template_language: string;
}

export interface NewOrganization {
  name: string;
  inboxes: Array<{ id?: string; name: string; kind: 'dealership' | 'workshop'; zone: string; country: string }>;
  user: { name: string; email?: string };
}

/** An inbox as the API shows it. */
export function inboxView(row: InboxRow): InboxView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    zone: row.zone,
    country: row.country,
    openingHours: JSON.parse(row.opening_hours) as InboxView['openingHours'],
    closedDates: JSON.parse(row.closed_dates) as InboxView['closedDates'],
    templateLanguage: row.template_language,
    whatsappChannel: row.whatsapp_channel_id,
    smsChannel: row.sms_channel_id,
  };
}

/** An inbox's settings in the column order of createInbox and updateInbox. */
function inboxColumns(s: InboxSettings) {
  return [s.name, s.kind, s.zone, s.country, JSON.stringify(s.openingHours), JSON.stringify(s.closedDates), s.templateLanguage, s.whatsappChannel, s.smsChannel] as const;
}

export class OrganizationsRepo {
  constructor(
    private readonly db: Database,
    private readonly users: UsersRepo,
    private readonly sessions: SessionsRepo,
  ) {}

  /**
   * An organisation with its inboxes and its first user, a manager; answers a personal API
   * token of that manager (a year from now), shown once: only its hash is stored.
   */
  create(org: NewOrganization, now: number): { organizationId: string; inboxIds: string[]; userId: string; token: string } {
    const token = newToken('personal');
    const created = this.db.transaction(() => {
      const made = this.insert(org, null, now);
      this.sessions.create(
        { organizationId: made.organizationId, tokenKind: 'personal', tokenHash: hashToken(token), userId: made.userId, label: 'first manager', expiresAt: now + FIRST_TOKEN_MS },
        now,
      );
      return made;
    })();
    return { ...created, token };
  }

  /** An organisation whose first manager sets a password with a one-time invitation code (the setup command). */
  createInvited(org: NewOrganization, invitation: { hash: string; expiresAt: number }, now: number): { organizationId: string; inboxIds: string[]; userId: string } {
    return this.db.transaction(() => this.insert(org, invitation, now))();
  }

  private insert(org: NewOrganization, invitation: { hash: string; expiresAt: number } | null, now: number) {
    const organizationId = randomUUID();
    const inboxIds: string[] = [];
    this.db.prepare('INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)').run(organizationId, org.name, now);
    const inbox = this.db.prepare(
      'INSERT INTO inboxes (id, organization_id, name, kind, zone, country, template_language) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    for (const i of org.inboxes) {
      const id = i.id ?? randomUUID();
      inbox.run(id, organizationId, i.name, i.kind, i.zone, i.country, defaultTemplateLanguage(i.country));
      inboxIds.push(id);
    }
    const user = this.users.create(organizationId, { name: org.user.name, email: org.user.email ?? null, role: 'manager', inboxes: [] }, invitation, now);
    return { organizationId, inboxIds, userId: user.id };
  }

  get(organizationId: string): { id: string; name: string; created_at: number } | undefined {
    return this.db
      .prepare<[string], { id: string; name: string; created_at: number }>('SELECT id, name, created_at FROM organizations WHERE id = ?')
      .get(organizationId);
  }

  /** Every organisation's inboxes (the reminder bot goes through them all). */
  allInboxes(): InboxRow[] {
    return this.db.prepare<[], InboxRow>('SELECT * FROM inboxes').all();
  }

  /** The first organisation set up on this backend, and its first manager still there (the built-in demo has one). */
  first(): { organizationId: string; userId: string | null } | undefined {
    return this.db
      .prepare<[], { organizationId: string; userId: string | null }>(
        `SELECT o.id AS organizationId,
           (SELECT u.id FROM users u WHERE u.organization_id = o.id AND u.role = 'manager' AND u.removed_at IS NULL ORDER BY u.created_at LIMIT 1) AS userId
         FROM organizations o ORDER BY o.created_at LIMIT 1`,
      )
      .get();
  }

  inboxes(organizationId: string): InboxRow[] {
    return this.db.prepare<[string], InboxRow>('SELECT * FROM inboxes WHERE organization_id = ? ORDER BY name').all(organizationId);
  }

  /** Renames the organisation; false: no such organisation. */
  rename(organizationId: string, name: string): boolean {
    return this.db.prepare('UPDATE organizations SET name = ? WHERE id = ?').run(name, organizationId).changes > 0;
  }

  /** A new inbox with all its settings; its reminder hour is the table's default. */
  createInbox(organizationId: string, settings: InboxSettings): InboxRow {
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO inboxes (id, organization_id, name, kind, zone, country, opening_hours, closed_dates, template_language, whatsapp_channel_id, sms_channel_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, organizationId, ...inboxColumns(settings));
    return this.inbox(organizationId, id)!;
  }

  /** Changes the settings given, keeps the rest; undefined: no such inbox in this organisation. */
  updateInbox(organizationId: string, id: string, patch: UpdateInboxInput): InboxRow | undefined {
    const row = this.inbox(organizationId, id);
    if (!row) return undefined;
    const { id: _id, ...current } = inboxView(row);
    this.db
      .prepare(
        `UPDATE inboxes SET name = ?, kind = ?, zone = ?, country = ?, opening_hours = ?, closed_dates = ?, template_language = ?,
           whatsapp_channel_id = ?, sms_channel_id = ? WHERE organization_id = ? AND id = ?`,
      )
      .run(...inboxColumns({ ...current, ...patch }), organizationId, id);
    return this.inbox(organizationId, id);
  }

  /** A removed channel leaves every inbox it served; the inboxes' ids. */
  releaseChannel(channelId: string): string[] {
    const released = this.db
      .prepare<[string, string], { id: string }>('SELECT id FROM inboxes WHERE whatsapp_channel_id = ? OR sms_channel_id = ? ORDER BY name')
      .all(channelId, channelId)
      .map((row) => row.id);
    this.db.prepare('UPDATE inboxes SET whatsapp_channel_id = NULL WHERE whatsapp_channel_id = ?').run(channelId);
    this.db.prepare('UPDATE inboxes SET sms_channel_id = NULL WHERE sms_channel_id = ?').run(channelId);
    return released;
  }

  /** The channel serves the organisation's inboxes that have none of its kind (the environment's first channel); their ids. */
  assignChannelWhereNone(organizationId: string, kind: 'whatsapp' | 'sms', channelId: string): string[] {
    const column = kind === 'whatsapp' ? 'whatsapp_channel_id' : 'sms_channel_id';
    const assigned = this.db
      .prepare<[string], { id: string }>(`SELECT id FROM inboxes WHERE organization_id = ? AND ${column} IS NULL ORDER BY name`)
      .all(organizationId)
      .map((row) => row.id);
    this.db.prepare(`UPDATE inboxes SET ${column} = ? WHERE organization_id = ? AND ${column} IS NULL`).run(channelId, organizationId);
    return assigned;
  }

  inbox(organizationId: string, id: string): InboxRow | undefined {
    return this.db
      .prepare<[string, string], InboxRow>('SELECT * FROM inboxes WHERE organization_id = ? AND id = ?')
      .get(organizationId, id);
  }
}
