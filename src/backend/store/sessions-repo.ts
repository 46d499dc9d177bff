import { sql, type RawBuilder } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { Role } from '../../api/v2/auth';
import type { Session } from '../../api/v2/devices';
import { splitPage, type ListPosition } from '../../api/v2/paging';
import type { TokenKind } from '../access/tokens';
import type { Dialect } from './sql/dialect';
import type { StoreDatabase } from './sql/store-database';

/** A session with what it belongs to: the person, device or integration, as they are now. */
export interface ResolvedSession {
  id: string;
  organizationId: string;
  tokenKind: TokenKind;
  kind: 'user' | 'device' | 'integration';
  role: Role;
  subjectId: string;
  name: string;
  userId: string | null;
  /** For a person: the device they signed in on. */
  deviceId: string | null;
  inboxes: string[];
  system: 'ispa' | 'keyloop' | null;
  label: string;
  createdAt: number;
  lastUsedAt: number | null;
  /** When the session ends: the earlier of its sliding end and its absolute end. */
  endsAt: number;
  expiresAt: number;
  absoluteExpiresAt: number | null;
  revokedAt: number | null;
  ord: number;
}

type Row = {
  ord: number;
  id: string;
  organization_id: string;
  token_kind: TokenKind;
  user_id: string | null;
  device_id: string | null;
  integration_id: string | null;
  label: string;
  created_at: number;
  last_used_at: number | null;
  expires_at: number;
  absolute_expires_at: number | null;
  revoked_at: number | null;
  subject: string;
};
type Subject = { name: string; role: Role; inboxes: string | null; system: 'ispa' | 'keyloop' | null };

/**
 * A session and what it belongs to, in one statement (it is read on every request): the person
 * (also for a person's session on a device), else the device, else the integration, as a JSON
 * array. Correlated subqueries by primary key: SQLite runs the same lookups as LEFT JOINs ten
 * times slower.
 */
function select(dialect: Dialect) {
  const subject = (...columns: string[]) => dialect.jsonArrayText(columns.map((column) => sql.raw(column)));
  return sql`SELECT rowid AS ord, id, organization_id, token_kind, user_id, device_id, integration_id, label, created_at,
  last_used_at, expires_at, absolute_expires_at, revoked_at,
  coalesce(
    (SELECT ${subject('name', 'role', 'inboxes', 'NULL')} FROM users WHERE id = sessions.user_id),
    (SELECT ${subject('name', 'role', 'NULL', 'NULL')} FROM devices WHERE id = sessions.device_id),
    (SELECT ${subject('name', "'integration'", 'inboxes', 'system')} FROM integrations WHERE id = sessions.integration_id)
  ) AS subject
  FROM sessions`;
}

function resolve(row: Row): ResolvedSession {
  const [name, role, inboxes, system] = JSON.parse(row.subject) as [string, Role, string | null, Subject['system']];
  return resolved(row, { name, role, inboxes, system });
}

function resolved(row: Row, subject: Subject): ResolvedSession {
  const endsAt = row.absolute_expires_at === null ? row.expires_at : Math.min(row.expires_at, row.absolute_expires_at);
  const common = {
    id: row.id,
    organizationId: row.organization_id,
    tokenKind: row.token_kind,
    label: row.label,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    endsAt,
    expiresAt: row.expires_at,
    absoluteExpiresAt: row.absolute_expires_at,
    revokedAt: row.revoked_at,
    ord: row.ord,
  };
  if (row.token_kind === 'refresh' || row.token_kind === 'personal') {
    return {
      ...common,
      kind: 'user',
      role: subject.role,
      subjectId: row.user_id!,
      name: subject.name,
      userId: row.user_id,
      deviceId: row.device_id,
      inboxes: JSON.parse(subject.inboxes!) as string[],
      system: null,
    };
  }
  if (row.token_kind === 'device') {
    return { ...common, kind: 'device', role: subject.role, subjectId: row.device_id!, name: subject.name, userId: null, deviceId: row.device_id, inboxes: [], system: null };
  }
  return {
    ...common,
    kind: 'integration',
    role: 'integration',
    subjectId: row.integration_id!,
    name: subject.name,
    userId: null,
    deviceId: null,
    inboxes: JSON.parse(subject.inboxes!) as string[],
    system: subject.system,
  };
}

/** A session as a manager sees it in the list: never its token or hash. */
export function sessionView(session: ResolvedSession): Session {
  return {
    id: session.id,
    kind: session.kind,
    role: session.role,
    name: session.label && session.tokenKind === 'personal' ? `${session.name} · ${session.label}` : session.name,
    subject: session.subjectId,
    device: session.kind === 'user' ? session.deviceId : null,
    system: session.system,
    inboxes: session.inboxes,
    createdAt: session.createdAt,
    lastUsedAt: session.lastUsedAt,
    expiresAt: session.endsAt,
    revokedAt: session.revokedAt,
  };
}

export interface NewSession {
  organizationId: string;
  tokenKind: TokenKind;
  tokenHash: string;
  userId?: string | null;
  deviceId?: string | null;
  integrationId?: string | null;
  label?: string;
  expiresAt: number;
  absoluteExpiresAt?: number | null;
}

/** Every credential and its renewals (see migration 0012); only hashes of tokens are kept. */
export class SessionsRepo {
  private readonly select: RawBuilder<unknown>;

  constructor(private readonly db: StoreDatabase) {
    this.select = select(db.dialect);
  }

  async create(session: NewSession, now: number): Promise<ResolvedSession> {
    const id = randomUUID();
    await this.db.run(
      sql`INSERT INTO sessions (id, organization_id, token_kind, token_hash, user_id, device_id, integration_id, label, created_at, expires_at, absolute_expires_at)
         VALUES (${id}, ${session.organizationId}, ${session.tokenKind}, ${session.tokenHash}, ${session.userId ?? null}, ${session.deviceId ?? null},
           ${session.integrationId ?? null}, ${session.label ?? ''}, ${now}, ${session.expiresAt}, ${session.absoluteExpiresAt ?? null})`,
    );
    return (await this.get(id))!;
  }

  async get(id: string): Promise<ResolvedSession | undefined> {
    const row = await this.db.get(sql<Row>`${this.select} WHERE id = ${id}`);
    return row && resolve(row);
  }

  async byTokenHash(hash: string): Promise<ResolvedSession | undefined> {
    const row = await this.db.get(sql<Row>`${this.select} WHERE token_hash = ${hash}`);
    return row && resolve(row);
  }

  async inOrganization(organizationId: string, id: string): Promise<ResolvedSession | undefined> {
    const row = await this.db.get(sql<Row>`${this.select} WHERE organization_id = ${organizationId} AND id = ${id}`);
    return row && resolve(row);
  }

  /** Notes a use; a sliding session (a device's) also moves its end to `slideTo`. */
  async used(id: string, now: number, slideTo: number | null): Promise<void> {
    await this.db.run(
      sql`UPDATE sessions SET last_used_at = ${now}, expires_at = coalesce(${slideTo}, expires_at) WHERE id = ${id} AND revoked_at IS NULL`,
    );
  }

  /** A person's session renewed with its refresh token: its idle end moves, up to its absolute end. */
  async renewed(id: string, now: number, expiresAt: number): Promise<void> {
    await this.db.run(sql`UPDATE sessions SET last_used_at = ${now}, expires_at = ${expiresAt} WHERE id = ${id} AND revoked_at IS NULL`);
  }

  /** Ends the given sessions that are still open; answers those it ended. */
  async revoke(ids: string[], now: number): Promise<string[]> {
    const ended: string[] = [];
    for (const id of ids) {
      if ((await this.db.run(sql`UPDATE sessions SET revoked_at = ${now} WHERE id = ${id} AND revoked_at IS NULL`)) > 0) ended.push(id);
    }
    return ended;
  }

  /** The open sessions of a person (on every device), to end them when the person is removed. */
  async openOfUser(userId: string): Promise<string[]> {
    const rows = await this.db.all(sql<{ id: string }>`SELECT id FROM sessions WHERE user_id = ${userId} AND revoked_at IS NULL`);
    return rows.map((r) => r.id);
  }

  /** The open sessions of a device: its own token's and those of the people signed in on it. */
  async openOfDevice(deviceId: string): Promise<string[]> {
    const rows = await this.db.all(sql<{ id: string }>`SELECT id FROM sessions WHERE device_id = ${deviceId} AND revoked_at IS NULL`);
    return rows.map((r) => r.id);
  }

  /** A page of the organisation's sessions, oldest first; only the open ones unless `all`. */
  async page(
    organizationId: string,
    after: ListPosition | undefined,
    limit: number,
    all: boolean,
    now: number,
  ): Promise<{ items: Session[]; next: ListPosition | null }> {
    const rows = await this.db.all(
      sql<Row>`${this.select} WHERE organization_id = ${organizationId}
         ${all ? sql`` : sql`AND revoked_at IS NULL AND expires_at > ${now} AND coalesce(absolute_expires_at, expires_at) > ${now}`}
         ${after ? sql`AND (created_at, rowid) > (${after.createdAt}, ${after.order})` : sql``} ORDER BY created_at, rowid LIMIT ${limit + 1}`,
    );
    const { page, next } = splitPage(rows, limit, (row) => ({ createdAt: row.created_at, order: row.ord }));
    return { items: page.map((row) => sessionView(resolve(row))), next };
  }
}
