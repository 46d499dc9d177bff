import type { Database } from 'better-sqlite3';
import type { Inbox } from '../../api/appointment';
import type { Touchpoint } from '../../api/v2/message';
import type { InboxView } from '../../api/v2/organization';

/** Where an inbox's workshop is: its wall-clock zone and the country of its national phone numbers. */
export interface InboxPlace {
  zone: string;
  country: string;
}

export class InboxesRepo {
  constructor(private readonly db: Database) {}

  all(): Inbox[] {
    return this.db.prepare<[], Inbox>('SELECT id, name, kind FROM inboxes ORDER BY name').all();
  }

  exists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM inboxes WHERE id = ?').get(id) !== undefined;
  }

  /** The inbox's zone and country as the backend told them; what it did not tell, `fallback` says. */
  placeOf(id: string, fallback: InboxPlace): InboxPlace {
    const row = this.db
      .prepare<[string], { zone: string | null; country: string | null }>('SELECT zone, country FROM inboxes WHERE id = ?')
      .get(id);
    return { zone: row?.zone ?? fallback.zone, country: row?.country ?? fallback.country };
  }

  /** The language the inbox's manager set for its templates; null before the backend told it. */
  templateLanguageOf(id: string): string | null {
    return this.db.prepare<[string], string | null>('SELECT template_language FROM inboxes WHERE id = ?').pluck().get(id) ?? null;
  }

  /**
   * The organisation's zone and country, for what belongs to no one inbox (the board's day, a
   * phone typed in a search): those all its inboxes share, as the backend told them; otherwise
   * (a standalone desktop, or inboxes in several zones) `fallback`, the desktop's own.
   */
  organisationPlace(fallback: InboxPlace): InboxPlace {
    const zones = this.db.prepare<[], string>('SELECT DISTINCT zone FROM inboxes WHERE zone IS NOT NULL').pluck().all();
    const countries = this.db.prepare<[], string>('SELECT DISTINCT country FROM inboxes WHERE country IS NOT NULL').pluck().all();
    return { zone: zones.length === 1 ? zones[0]! : fallback.zone, country: countries.length === 1 ? countries[0]! : fallback.country };
  }

  /**
   * An inbox with every setting its manager made on the backend (GET /v2/organization, the
   * inbox.upsert event); what was stored before is replaced, a channel taken away included.
   */
  saveFromBackend(inbox: InboxView): void {
    this.db
      .prepare(
        `INSERT INTO inboxes (id, name, kind, zone, country, opening_hours, closed_dates, template_language, whatsapp_channel, sms_channel)
         VALUES (@id, @name, @kind, @zone, @country, @openingHours, @closedDates, @templateLanguage, @whatsappChannel, @smsChannel)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, zone = excluded.zone, country = excluded.country,
           opening_hours = excluded.opening_hours, closed_dates = excluded.closed_dates, template_language = excluded.template_language,
           whatsapp_channel = excluded.whatsapp_channel, sms_channel = excluded.sms_channel`,
      )
      .run({ ...inbox, openingHours: JSON.stringify(inbox.openingHours), closedDates: JSON.stringify(inbox.closedDates) });
  }

  /**
   * The touchpoints the inbox has a channel for; null when this desktop was never told (a
   * standalone inbox, or a backend from before channels were set per inbox).
   */
  channelsOf(id: string): Touchpoint[] | null {
    const row = this.db
      .prepare<[string], { opening_hours: string | null; whatsapp_channel: string | null; sms_channel: string | null }>(
        'SELECT opening_hours, whatsapp_channel, sms_channel FROM inboxes WHERE id = ?',
      )
      .get(id);
    // The week is set on every inbox a backend with channels tells of: it marks what was told.
    if (!row || row.opening_hours === null) return null;
    return [...(row.whatsapp_channel ? (['whatsapp'] as const) : []), ...(row.sms_channel ? (['sms'] as const) : [])];
  }

  /** Zone and country: the backend's, for an organisation's inbox; absent for a standalone one. */
  upsert(inbox: Inbox & Partial<InboxPlace>): void {
    this.db
      .prepare(
        `INSERT INTO inboxes (id, name, kind, zone, country) VALUES (@id, @name, @kind, @zone, @country)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
           zone = coalesce(excluded.zone, zone), country = coalesce(excluded.country, country)`,
      )
      .run({ zone: null, country: null, ...inbox });
  }
}
