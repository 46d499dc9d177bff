import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
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
    private readonly db: Database,
    private readonly box: SecretBox,
  ) {}

  /** A new channel; `check`: what the provider said of it before it was stored (null: not asked, as for the environment's). */
  create(organizationId: string, input: CreateChannelInput, now: number, check: ChannelCheck | null = null): ChannelView {
    const id = randomUUID();
    const address = channelNumber(input);
    const secrets: WhatsAppSecrets | SmsSecrets =
      input.kind === 'whatsapp'
        ? { accessToken: input.accessToken, appSecret: input.appSecret, verifyToken: input.verifyToken }
        : { authToken: input.authToken };
    if (this.activeByAddress(input.kind, address)) throw new ChannelAddressTaken(address);
    this.db
      .prepare(
        `INSERT INTO channels (id, organization_id, kind, label, address, business_account_id, account_sid, secrets, last_check, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        organizationId,
        input.kind,
        input.label,
        address,
        input.kind === 'whatsapp' ? input.businessAccountId : null,
        input.kind === 'sms' ? input.accountSid : null,
        this.box.seal(JSON.stringify(secrets), id),
        check && JSON.stringify(check),
        now,
        now,
      );
    return this.view(organizationId, id)!;
  }

  /**
   * Changes label, account or secrets; a secret left out stays as stored. `check`: what the
   * provider said of the changed credentials (null: nothing it checks was changed; the last
   * check stays). Undefined: no such channel here.
   */
  update(organizationId: string, id: string, patch: UpdateChannelInput, now: number, check: ChannelCheck | null = null): ChannelView | undefined {
    const row = this.row(organizationId, id);
    if (!row) return undefined;
    const current = JSON.parse(this.box.open(row.secrets, id)) as Record<string, string>;
    const names: readonly string[] = SECRET_NAMES[row.kind];
    const secrets = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([name]) => names.includes(name))) };
    this.db
      .prepare('UPDATE channels SET label = ?, business_account_id = ?, account_sid = ?, secrets = ?, last_check = ?, updated_at = ? WHERE id = ?')
      .run(
        patch.label ?? row.label,
        row.kind === 'whatsapp' ? (patch.businessAccountId ?? row.business_account_id) : null,
        row.kind === 'sms' ? (patch.accountSid ?? row.account_sid) : null,
        this.box.seal(JSON.stringify(secrets), id),
        check ? JSON.stringify(check) : row.last_check,
        now,
        id,
      );
    return this.view(organizationId, id);
  }

  /**
   * Marks it removed; the row stays for the messages that went through it (and to say, when a
   * customer writes to the number later, since when it is no channel). Its inboxes let go of it
   * in OrganizationsRepo.releaseChannel, in the same write. False: no such channel here.
   */
  remove(organizationId: string, id: string, now: number): boolean {
    if (!this.row(organizationId, id)) return false;
    this.db.prepare('UPDATE channels SET removed_at = ?, updated_at = ? WHERE id = ?').run(now, now, id);
    return true;
  }

  setCheck(id: string, check: ChannelCheck): void {
    this.db.prepare('UPDATE channels SET last_check = ? WHERE id = ?').run(JSON.stringify(check), id);
  }

  list(organizationId: string): ChannelView[] {
    return this.db
      .prepare<[string], Row>('SELECT * FROM channels WHERE organization_id = ? AND removed_at IS NULL ORDER BY kind, label, id')
      .all(organizationId)
      .map((row) => this.toView(row));
  }

  view(organizationId: string, id: string): ChannelView | undefined {
    const row = this.row(organizationId, id);
    return row && this.toView(row);
  }

  /** The channel by its id, removed ones included (a message's channel), with its secrets. */
  record(id: string): ChannelRecord | undefined {
    const row = this.db.prepare<[string], Row>('SELECT * FROM channels WHERE id = ?').get(id);
    return row && this.toRecord(row);
  }

  /** The working channel a delivery for this number belongs to (WhatsApp: phone number id; SMS: E.164). */
  byAddress(kind: ChannelKind, address: string): ChannelRecord | undefined {
    const row = this.activeByAddress(kind, address);
    return row && this.toRecord(row);
  }

  /** The working WhatsApp channels of one business account (a template's status names only the account). */
  byBusinessAccount(businessAccountId: string): ChannelRecord[] {
    return this.db
      .prepare<[string], Row>("SELECT * FROM channels WHERE kind = 'whatsapp' AND business_account_id = ? AND removed_at IS NULL")
      .all(businessAccountId)
      .map((row) => this.toRecord(row));
  }

  /** Every working channel of a kind on this backend (the webhook's verify handshake names none). */
  active(kind: ChannelKind): ChannelRecord[] {
    return this.db
      .prepare<[ChannelKind], Row>('SELECT * FROM channels WHERE kind = ? AND removed_at IS NULL')
      .all(kind)
      .map((row) => this.toRecord(row));
  }

  /**
   * The channel a manager removed most recently that had this number, when no working channel
   * has it: a delivery for it is recorded in that organisation's rejected webhooks, not lost.
   */
  removedByAddress(kind: ChannelKind, address: string): { record: ChannelRecord; removedAt: number } | undefined {
    if (this.activeByAddress(kind, address)) return undefined;
    const row = this.db
      .prepare<[ChannelKind, string], Row>('SELECT * FROM channels WHERE kind = ? AND address = ? AND removed_at IS NOT NULL ORDER BY removed_at DESC, rowid DESC LIMIT 1')
      .get(kind, address);
    return row && { record: this.toRecord(row), removedAt: row.removed_at! };
  }

  /** Whether the organisation ever had a channel with this number, working or removed. */
  everHad(organizationId: string, kind: ChannelKind, address: string): boolean {
    return this.db.prepare('SELECT 1 FROM channels WHERE organization_id = ? AND kind = ? AND address = ?').get(organizationId, kind, address) !== undefined;
  }

  private activeByAddress(kind: ChannelKind, address: string): Row | undefined {
    return this.db
      .prepare<[ChannelKind, string], Row>('SELECT * FROM channels WHERE kind = ? AND address = ? AND removed_at IS NULL')
      .get(kind, address);
  }

  private row(organizationId: string, id: string): Row | undefined {
    return this.db
      .prepare<[string, string], Row>('SELECT * FROM channels WHERE organization_id = ? AND id = ? AND removed_at IS NULL')
      .get(organizationId, id);
  }

  private toRecord(row: Row): ChannelRecord {
    const secrets: unknown = JSON.parse(this.box.open(row.secrets, row.id));
    const common = { id: row.id, organizationId: row.organization_id, label: row.label, updatedAt: row.updated_at };
    return row.kind === 'whatsapp'
      ? { ...common, kind: 'whatsapp', phoneNumberId: row.address, businessAccountId: row.business_account_id, secrets: secrets as WhatsAppSecrets }
      : { ...common, kind: 'sms', from: row.address, accountSid: row.account_sid!, secrets: secrets as SmsSecrets };
  }

  private toView(row: Row): ChannelView {
    const column = row.kind === 'whatsapp' ? 'whatsapp_channel_id' : 'sms_channel_id';
    const inboxes = this.db
      .prepare<[string], { id: string }>(`SELECT id FROM inboxes WHERE ${column} = ? ORDER BY name`)
      .all(row.id)
      .map((i) => i.id);
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
