import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { hashToken, newToken } from '../access/tokens';
import { defaultTemplateLanguage, type InboxSettings, type InboxView, type UpdateInboxInput } from '../../api/v2/organization';
import type { SessionsRepo } from './sessions-repo';
import type { StoreDatabase } from './sql/store-database';
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
  return [s.name, s.kind, s.zone, s.country, JSON.stringify(s.openingHours), JSON.stringify(s.closedDates), s.templateLanguage, s.whatsappChannel, s.smsChannel].map(
    (value) => sql`${value}`,
  );
}

export class OrganizationsRepo {
  constructor(
    private readonly db: StoreDatabase,
    private readonly users: UsersRepo,
    private readonly sessions: SessionsRepo,
  ) {}

  /**
   * An organisation with its inboxes and its first user, a manager; answers a personal API
   * token of that manager (a year from now), shown once: only its hash is stored.
   */
  async create(org: NewOrganization, now: number): Promise<{ organizationId: string; inboxIds: string[]; userId: string; token: string }> {
    const token = newToken('personal');
    const created = await this.db.transaction(async () => {
      const made = await this.insert(org, null, now);
      await this.sessions.create(
        { organizationId: made.organizationId, tokenKind: 'personal', tokenHash: hashToken(token), userId: made.userId, label: 'first manager', expiresAt: now + FIRST_TOKEN_MS },
        now,
      );
      return made;
    });
    return { ...created, token };
  }

  /** An organisation whose first manager sets a password with a one-time invitation code (the setup command). */
  async createInvited(
    org: NewOrganization,
    invitation: { hash: string; expiresAt: number },
    now: number,
  ): Promise<{ organizationId: string; inboxIds: string[]; userId: string }> {
    return this.db.transaction(() => this.insert(org, invitation, now));
  }

  private async insert(org: NewOrganization, invitation: { hash: string; expiresAt: number } | null, now: number) {
    const organizationId = randomUUID();
    const inboxIds: string[] = [];
    await this.db.run(sql`INSERT INTO organizations (id, name, created_at) VALUES (${organizationId}, ${org.name}, ${now})`);
    for (const i of org.inboxes) {
      const id = i.id ?? randomUUID();
      await this.db.run(
        sql`INSERT INTO inboxes (id, organization_id, name, kind, zone, country, template_language)
            VALUES (${id}, ${organizationId}, ${i.name}, ${i.kind}, ${i.zone}, ${i.country}, ${defaultTemplateLanguage(i.country)})`,
      );
      inboxIds.push(id);
    }
    const user = await this.users.create(organizationId, { name: org.user.name, email: org.user.email ?? null, role: 'manager', inboxes: [] }, invitation, now);
    return { organizationId, inboxIds, userId: user.id };
  }

  async get(organizationId: string): Promise<{ id: string; name: string; created_at: number } | undefined> {
    return this.db.get(sql<{ id: string; name: string; created_at: number }>`SELECT id, name, created_at FROM organizations WHERE id = ${organizationId}`);
  }

  /** Every organisation's inboxes (the reminder bot goes through them all). */
  async allInboxes(): Promise<InboxRow[]> {
    return this.db.all(sql<InboxRow>`SELECT * FROM inboxes`);
  }

  /** The first organisation set up on this backend, and its first manager still there (the built-in demo has one). */
  async first(): Promise<{ organizationId: string; userId: string | null } | undefined> {
    return this.db.get(
      sql<{ organizationId: string; userId: string | null }>`SELECT o.id AS "organizationId",
           (SELECT u.id FROM users u WHERE u.organization_id = o.id AND u.role = 'manager' AND u.removed_at IS NULL ORDER BY u.created_at LIMIT 1) AS "userId"
         FROM organizations o ORDER BY o.created_at LIMIT 1`,
    );
  }

  async inboxes(organizationId: string): Promise<InboxRow[]> {
    return this.db.all(sql<InboxRow>`SELECT * FROM inboxes WHERE organization_id = ${organizationId} ORDER BY name`);
  }

  /** Renames the organisation; false: no such organisation. */
  async rename(organizationId: string, name: string): Promise<boolean> {
    return (await this.db.run(sql`UPDATE organizations SET name = ${name} WHERE id = ${organizationId}`)) > 0;
  }

  /** A new inbox with all its settings; its reminder hour is the table's default. */
  async createInbox(organizationId: string, settings: InboxSettings): Promise<InboxRow> {
    const id = randomUUID();
    await this.db.run(
      sql`INSERT INTO inboxes (id, organization_id, name, kind, zone, country, opening_hours, closed_dates, template_language, whatsapp_channel_id, sms_channel_id)
         VALUES (${id}, ${organizationId}, ${sql.join(inboxColumns(settings))})`,
    );
    return (await this.inbox(organizationId, id))!;
  }

  /** Changes the settings given, keeps the rest; undefined: no such inbox in this organisation. */
  async updateInbox(organizationId: string, id: string, patch: UpdateInboxInput): Promise<InboxRow | undefined> {
    const row = await this.inbox(organizationId, id);
    if (!row) return undefined;
    const { id: _id, ...current } = inboxView(row);
    const [name, kind, zone, country, openingHours, closedDates, templateLanguage, whatsapp, sms] = inboxColumns({ ...current, ...patch });
    await this.db.run(
      sql`UPDATE inboxes SET name = ${name}, kind = ${kind}, zone = ${zone}, country = ${country}, opening_hours = ${openingHours},
           closed_dates = ${closedDates}, template_language = ${templateLanguage}, whatsapp_channel_id = ${whatsapp}, sms_channel_id = ${sms}
         WHERE organization_id = ${organizationId} AND id = ${id}`,
    );
    return this.inbox(organizationId, id);
  }

  /** A removed channel leaves every inbox it served; the inboxes' ids. */
  async releaseChannel(channelId: string): Promise<string[]> {
    const released = await this.db.all(
      sql<{ id: string }>`SELECT id FROM inboxes WHERE whatsapp_channel_id = ${channelId} OR sms_channel_id = ${channelId} ORDER BY name`,
    );
    await this.db.run(sql`UPDATE inboxes SET whatsapp_channel_id = NULL WHERE whatsapp_channel_id = ${channelId}`);
    await this.db.run(sql`UPDATE inboxes SET sms_channel_id = NULL WHERE sms_channel_id = ${channelId}`);
    return released.map((row) => row.id);
  }

  /** The channel serves the organisation's inboxes that have none of its kind (the environment's first channel); their ids. */
  async assignChannelWhereNone(organizationId: string, kind: 'whatsapp' | 'sms', channelId: string): Promise<string[]> {
    const column = sql.ref(kind === 'whatsapp' ? 'whatsapp_channel_id' : 'sms_channel_id');
    const assigned = await this.db.all(sql<{ id: string }>`SELECT id FROM inboxes WHERE organization_id = ${organizationId} AND ${column} IS NULL ORDER BY name`);
    await this.db.run(sql`UPDATE inboxes SET ${column} = ${channelId} WHERE organization_id = ${organizationId} AND ${column} IS NULL`);
    return assigned.map((row) => row.id);
  }

  async inbox(organizationId: string, id: string): Promise<InboxRow | undefined> {
    return this.db.get(sql<InboxRow>`SELECT * FROM inboxes WHERE organization_id = ${organizationId} AND id = ${id}`);
  }
}
