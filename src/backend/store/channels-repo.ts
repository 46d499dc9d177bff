import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import {
  channelNumber,
  type ChannelCheck,
  type ChannelKind,
  type ChannelView,
  type CreateChannelInput,
  type SmsSecrets,
  type UpdateChannelInput,
  type WhatsAppSecrets,
} from '../../api/v2/channels';
import type { SecretBox } from '../access/secret-box';
import type { StoreDatabase } from './sql/store-database';

type Row = {
  id: string;
  organization_id: string;
  kind: ChannelKind;
  label: string;
  address: string;
  business_account_id: string | null;
  account_sid: string | null;
  secrets: Buffer;
  last_check: string | null;
  created_at: number;
  updated_at: number;
  removed_at: number | null;
};

/** A channel with its secrets opened: only for the backend's own use (sending, checking a signature), never for an answer. */
export type ChannelRecord =
  | { id: string; organizationId: string; kind: 'whatsapp'; label: string; phoneNumberId: string; businessAccountId: string | null; secrets: WhatsAppSecrets; updatedAt: number }
  | { id: string; organizationId: string; kind: 'sms'; label: string; from: string; accountSid: string; secrets: SmsSecrets; updatedAt: number };

const SECRET_NAMES = { whatsapp: ['accessToken', 'appSecret', 'verifyToken'], sms: ['authToken'] } as const;

/** The number is used by another channel on this backend (perhaps of another organisation). */
export class ChannelAddressTaken extends Error {}

/** SQL of the organisations' channels; secrets go in and out only through the SecretBox. */
export class ChannelsRepo {
  constructor(
    private readonly db: StoreDatabase,
    private readonly box: SecretBox,
  ) {}

  /** A new channel; `check`: what the provider said of it before it was stored (null: not asked, as for the environment's). */
  async create(organizationId: string, input: CreateChannelInput, now: number, check: ChannelCheck | null = null): Promise<ChannelView> {
    const id = randomUUID();
    const address = channelNumber(input);
    const secrets: WhatsAppSecrets | SmsSecrets =
      input.kind === 'whatsapp'
        ? { accessToken: input.accessToken, appSecret: input.appSecret, verifyToken: input.verifyToken }
        : { authToken: input.authToken };
    if (await this.activeByAddress(input.kind, address)) throw new ChannelAddressTaken(address);
    await this.db.run(
      sql`INSERT INTO channels (id, organization_id, kind, label, address, business_account_id, account_sid, secrets, last_check, created_at, updated_at)
          VALUES (${id}, ${organizationId}, ${input.kind}, ${input.label}, ${address}, ${input.kind === 'whatsapp' ? input.businessAccountId : null},
            ${input.kind === 'sms' ? input.accountSid : null}, ${this.box.seal(JSON.stringify(secrets), id)}, ${check && JSON.stringify(check)}, ${now}, ${now})`,
    );
    return (await this.view(organizationId, id))!;
  }

  /**
   * Changes label, account or secrets; a secret left out stays as stored. `check`: what the
   * provider said of the changed credentials (null: nothing it checks was changed; the last
   * check stays). Undefined: no such channel here.
   */
  async update(organizationId: string, id: string, patch: UpdateChannelInput, now: number, check: ChannelCheck | null = null): Promise<ChannelView | undefined> {
    const row = await this.row(organizationId, id);
    if (!row) return undefined;
    const current = JSON.parse(this.box.open(row.secrets, id)) as Record<string, string>;
    const names: readonly string[] = SECRET_NAMES[row.kind];
    const secrets = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([name]) => names.includes(name))) };
    await this.db.run(
      sql`UPDATE channels SET label = ${patch.label ?? row.label},
            business_account_id = ${row.kind === 'whatsapp' ? (patch.businessAccountId ?? row.business_account_id) : null},
            account_sid = ${row.kind === 'sms' ? (patch.accountSid ?? row.account_sid) : null},
            secrets = ${this.box.seal(JSON.stringify(secrets), id)}, last_check = ${check ? JSON.stringify(check) : row.last_check}, updated_at = ${now}
          WHERE id = ${id}`,
    );
    return this.view(organizationId, id);
  }

  /**
   * Marks it removed; the row stays for the messages that went through it (and to say, when a
   * customer writes to the number later, since when it is no channel). Its inboxes let go of it
   * in OrganizationsRepo.releaseChannel, in the same write. False: no such channel here.
   */
  async remove(organizationId: string, id: string, now: number): Promise<boolean> {
    if (!(await this.row(organizationId, id))) return false;
    await this.db.run(sql`UPDATE channels SET removed_at = ${now}, updated_at = ${now} WHERE id = ${id}`);
    return true;
  }

  async setCheck(id: string, check: ChannelCheck): Promise<void> {
    await this.db.run(sql`UPDATE channels SET last_check = ${JSON.stringify(check)} WHERE id = ${id}`);
  }

  async list(organizationId: string): Promise<ChannelView[]> {
    const rows = await this.db.all(sql<Row>`SELECT * FROM channels WHERE organization_id = ${organizationId} AND removed_at IS NULL ORDER BY kind, label, id`);
    const views: ChannelView[] = [];
    for (const row of rows) views.push(await this.toView(row));
    return views;
  }

  async view(organizationId: string, id: string): Promise<ChannelView | undefined> {
    const row = await this.row(organizationId, id);
    return row && this.toView(row);
  }

  /** The channel by its id, removed ones included (a message's channel), with its secrets. */
  async record(id: string): Promise<ChannelRecord | undefined> {
    const row = await this.db.get(sql<Row>`SELECT * FROM channels WHERE id = ${id}`);
    return row && this.toRecord(row);
  }

  /** The working channel a delivery for this number belongs to (WhatsApp: phone number id; SMS: E.164). */
  async byAddress(kind: ChannelKind, address: string): Promise<ChannelRecord | undefined> {
    const row = await this.activeByAddress(kind, address);
    return row && this.toRecord(row);
  }

  /** The working WhatsApp channels of one business account (a template's status names only the account). */
  async byBusinessAccount(businessAccountId: string): Promise<ChannelRecord[]> {
    const rows = await this.db.all(
      sql<Row>`SELECT * FROM channels WHERE kind = 'whatsapp' AND business_account_id = ${businessAccountId} AND removed_at IS NULL`,
    );
    return rows.map((row) => this.toRecord(row));
  }

  /** Every working channel of a kind on this backend (the webhook's verify handshake names none). */
  async active(kind: ChannelKind): Promise<ChannelRecord[]> {
    const rows = await this.db.all(sql<Row>`SELECT * FROM channels WHERE kind = ${kind} AND removed_at IS NULL`);
    return rows.map((row) => this.toRecord(row));
  }

  /**
   * The channel a manager removed most recently that had this number, when no working channel
   * has it: a delivery for it is recorded in that organisation's rejected webhooks, not lost.
   */
  async removedByAddress(kind: ChannelKind, address: string): Promise<{ record: ChannelRecord; removedAt: number } | undefined> {
    if (await this.activeByAddress(kind, address)) return undefined;
    const row = await this.db.get(
      sql<Row>`SELECT * FROM channels WHERE kind = ${kind} AND address = ${address} AND removed_at IS NOT NULL ORDER BY removed_at DESC, rowid DESC LIMIT 1`,
    );
    return row && { record: this.toRecord(row), removedAt: row.removed_at! };
  }

  /** Whether the organisation ever had a channel with this number, working or removed. */
  async everHad(organizationId: string, kind: ChannelKind, address: string): Promise<boolean> {
    return (await this.db.get(sql`SELECT 1 FROM channels WHERE organization_id = ${organizationId} AND kind = ${kind} AND address = ${address}`)) !== undefined;
  }

  private activeByAddress(kind: ChannelKind, address: string): Promise<Row | undefined> {
    return this.db.get(sql<Row>`SELECT * FROM channels WHERE kind = ${kind} AND address = ${address} AND removed_at IS NULL`);
  }

  private row(organizationId: string, id: string): Promise<Row | undefined> {
    return this.db.get(sql<Row>`SELECT * FROM channels WHERE organization_id = ${organizationId} AND id = ${id} AND removed_at IS NULL`);
  }

  private toRecord(row: Row): ChannelRecord {
    const secrets: unknown = JSON.parse(this.box.open(row.secrets, row.id));
    const common = { id: row.id, organizationId: row.organization_id, label: row.label, updatedAt: row.updated_at };
    return row.kind === 'whatsapp'
      ? { ...common, kind: 'whatsapp', phoneNumberId: row.address, businessAccountId: row.business_account_id, secrets: secrets as WhatsAppSecrets }
      : { ...common, kind: 'sms', from: row.address, accountSid: row.account_sid!, secrets: secrets as SmsSecrets };
  }

  private async toView(row: Row): Promise<ChannelView> {
    const column = sql.ref(row.kind === 'whatsapp' ? 'whatsapp_channel_id' : 'sms_channel_id');
    const inboxes = (await this.db.all(sql<{ id: string }>`SELECT id FROM inboxes WHERE ${column} = ${row.id} ORDER BY name`)).map((i) => i.id);
    return {
      id: row.id,
      organization: row.organization_id,
      kind: row.kind,
      label: row.label,
      phoneNumberId: row.kind === 'whatsapp' ? row.address : null,
      businessAccountId: row.business_account_id,
      from: row.kind === 'sms' ? row.address : null,
      accountSid: row.account_sid,
      secrets: [...SECRET_NAMES[row.kind]],
      inboxes,
      lastCheck: row.last_check ? (JSON.parse(row.last_check) as ChannelCheck) : null,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}
