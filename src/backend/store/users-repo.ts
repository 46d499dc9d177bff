import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { ApiFailure } from '../../api/envelope';
import { OidcSettingsSchema, type OidcSettings, type UserRole } from '../../api/v2/auth';
import { splitPage, type ListPosition } from '../../api/v2/paging';
import { UserSettingsSchema, type User, type UserSettings } from '../../api/v2/users';
import type { Dialect } from './sql/dialect';
import type { StoreDatabase } from './sql/store-database';

export interface UserRow {
  id: string;
  organization_id: string;
  name: string;
  email: string | null;
  role: UserRole;
  password_hash: string | null;
  inboxes: string;
  oidc_subject: string | null;
  invitation_hash: string | null;
  invitation_expires_at: number | null;
  last_sign_in_at: number | null;
  removed_at: number | null;
  created_at: number;
  ord: number;
}

const COLUMNS = sql.raw(
  'rowid AS ord, id, organization_id, name, email, role, password_hash, inboxes, oidc_subject, invitation_hash, invitation_expires_at, last_sign_in_at, removed_at, created_at',
);

/** A person as the API shows them: never a hash, a code or a subject. */
export function userView(row: UserRow): User {
  return {
    _id: row.id,
    organization: row.organization_id,
    name: row.name,
    email: row.email ?? '',
    role: row.role,
    inboxes: JSON.parse(row.inboxes) as string[],
    // An invitation not used yet; a person who works with a token of their own (the first manager) is not "invited".
    invited: row.invitation_hash !== null,
    oidc: row.oidc_subject !== null,
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
  };
}

/** The e-mail is in use by another person of the organisation (the unique index, in words). */
function emailTaken(dialect: Dialect, error: unknown, email: string | undefined): never {
  if (email !== undefined && dialect.isUniqueViolation(error)) {
    throw new ApiFailure('EMAIL_TAKEN', `${email} is already the e-mail of someone in this organisation.`);
  }
  throw error;
}

/** The organisation's people (see migration 0012), their view settings, and the organisation's OpenID settings. */
export class UsersRepo {
  constructor(private readonly db: StoreDatabase) {}

  async create(
    organizationId: string,
    user: { name: string; email: string | null; role: UserRole; inboxes: string[]; oidcSubject?: string | null },
    invitation: { hash: string; expiresAt: number } | null,
    now: number,
  ): Promise<UserRow> {
    const id = randomUUID();
    try {
      await this.db.run(
        sql`INSERT INTO users (id, organization_id, name, email, role, inboxes, oidc_subject, invitation_hash, invitation_expires_at, created_at)
           VALUES (${id}, ${organizationId}, ${user.name}, ${user.email}, ${user.role}, ${JSON.stringify(user.inboxes)}, ${user.oidcSubject ?? null},
             ${invitation?.hash ?? null}, ${invitation?.expiresAt ?? null}, ${now})`,
      );
    } catch (error) {
      emailTaken(this.db.dialect, error, user.email ?? undefined);
    }
    return (await this.get(organizationId, id))!;
  }

  /** A person of the organisation who was not removed. */
  async get(organizationId: string, id: string): Promise<UserRow | undefined> {
    return this.db.get(sql<UserRow>`SELECT ${COLUMNS} FROM users WHERE organization_id = ${organizationId} AND id = ${id} AND removed_at IS NULL`);
  }

  /** Everyone with this e-mail, in any organisation (a password sign-in names no organisation). */
  async byEmail(email: string): Promise<UserRow[]> {
    return this.db.all(sql<UserRow>`SELECT ${COLUMNS} FROM users WHERE lower(email) = lower(${email}) AND removed_at IS NULL ORDER BY created_at`);
  }

  async byEmailIn(organizationId: string, email: string): Promise<UserRow | undefined> {
    return this.db.get(
      sql<UserRow>`SELECT ${COLUMNS} FROM users WHERE organization_id = ${organizationId} AND lower(email) = lower(${email}) AND removed_at IS NULL`,
    );
  }

  async byInvitation(hash: string): Promise<UserRow | undefined> {
    return this.db.get(sql<UserRow>`SELECT ${COLUMNS} FROM users WHERE invitation_hash = ${hash} AND removed_at IS NULL`);
  }

  async byOidcSubject(organizationId: string, subject: string): Promise<UserRow | undefined> {
    return this.db.get(
      sql<UserRow>`SELECT ${COLUMNS} FROM users WHERE organization_id = ${organizationId} AND oidc_subject = ${subject} AND removed_at IS NULL`,
    );
  }

  /** The latest removed person of the organisation who signed in with this provider's subject. */
  async removedWithOidcSubject(organizationId: string, subject: string): Promise<UserRow | undefined> {
    return this.db.get(
      sql<UserRow>`SELECT ${COLUMNS} FROM users WHERE organization_id = ${organizationId} AND oidc_subject = ${subject} AND removed_at IS NOT NULL
        ORDER BY removed_at DESC LIMIT 1`,
    );
  }

  /** The organisation's people in the order they were added, a page after `after`. */
  async page(organizationId: string, after: ListPosition | undefined, limit: number): Promise<{ items: User[]; next: ListPosition | null }> {
    const rows = await this.db.all(
      sql<UserRow>`SELECT ${COLUMNS} FROM users WHERE organization_id = ${organizationId} AND removed_at IS NULL
         ${after ? sql`AND (created_at, rowid) > (${after.createdAt}, ${after.order})` : sql``} ORDER BY created_at, rowid LIMIT ${limit + 1}`,
    );
    const { page, next } = splitPage(rows, limit, (row) => ({ createdAt: row.created_at, order: row.ord }));
    return { items: page.map(userView), next };
  }

  async update(organizationId: string, id: string, change: { name?: string; email?: string; role?: UserRole; inboxes?: string[] }): Promise<void> {
    try {
      await this.db.run(
        sql`UPDATE users SET name = coalesce(${change.name ?? null}, name), email = coalesce(${change.email ?? null}, email),
             role = coalesce(${change.role ?? null}, role), inboxes = coalesce(${change.inboxes ? JSON.stringify(change.inboxes) : null}, inboxes)
           WHERE organization_id = ${organizationId} AND id = ${id} AND removed_at IS NULL`,
      );
    } catch (error) {
      emailTaken(this.db.dialect, error, change.email);
    }
  }

  /** A new one-time code for the person; an earlier one stops working. */
  async setInvitation(id: string, hash: string, expiresAt: number): Promise<void> {
    await this.db.run(sql`UPDATE users SET invitation_hash = ${hash}, invitation_expires_at = ${expiresAt} WHERE id = ${id}`);
  }

  /**
   * Uses up the invitation with this code, setting the person's password: false when the code
   * is no longer theirs (used a moment ago by another request, replaced, or the person removed).
   */
  async useInvitation(id: string, invitationHash: string, passwordHash: string): Promise<boolean> {
    const changed = await this.db.run(
      sql`UPDATE users SET password_hash = ${passwordHash}, invitation_hash = NULL, invitation_expires_at = NULL
           WHERE id = ${id} AND invitation_hash = ${invitationHash} AND removed_at IS NULL`,
    );
    return changed === 1;
  }

  async setOidcSubject(id: string, subject: string): Promise<void> {
    await this.db.run(sql`UPDATE users SET oidc_subject = ${subject} WHERE id = ${id}`);
  }

  async signedIn(id: string, now: number): Promise<void> {
    await this.db.run(sql`UPDATE users SET last_sign_in_at = ${now} WHERE id = ${id}`);
  }

  async remove(organizationId: string, id: string, now: number): Promise<void> {
    await this.db.run(
      sql`UPDATE users SET removed_at = ${now}, invitation_hash = NULL, invitation_expires_at = NULL WHERE organization_id = ${organizationId} AND id = ${id}`,
    );
  }

  async managerCount(organizationId: string): Promise<number> {
    const row = await this.db.get(
      sql<{ n: number }>`SELECT count(*) AS n FROM users WHERE organization_id = ${organizationId} AND role = 'manager' AND removed_at IS NULL`,
    );
    return row!.n;
  }

  async settings(userId: string): Promise<UserSettings> {
    const row = await this.db.get(sql<{ settings: string }>`SELECT settings FROM user_settings WHERE user_id = ${userId}`);
    return UserSettingsSchema.parse(row ? JSON.parse(row.settings) : {});
  }

  async saveSettings(userId: string, settings: UserSettings, now: number): Promise<void> {
    await this.db.run(
      sql`INSERT INTO user_settings (user_id, settings, updated_at) VALUES (${userId}, ${JSON.stringify(settings)}, ${now})
         ON CONFLICT (user_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
    );
  }

  async oidcSettings(organizationId: string): Promise<OidcSettings | null> {
    const row = await this.db.get(sql<{ settings: string }>`SELECT settings FROM oidc_settings WHERE organization_id = ${organizationId}`);
    return row ? OidcSettingsSchema.parse(JSON.parse(row.settings)) : null;
  }

  /** The organisations that sign in with this OpenID provider. */
  async organizationsWithOidc(issuer: string): Promise<string[]> {
    const rows = await this.db.all(
      sql<{ organization_id: string }>`SELECT organization_id FROM oidc_settings
        WHERE rtrim(${this.db.dialect.jsonTextAt(sql`settings`, 'issuer')}, '/') = rtrim(${issuer}, '/')`,
    );
    return rows.map((r) => r.organization_id);
  }

  async setOidcSettings(organizationId: string, settings: OidcSettings | null, now: number): Promise<void> {
    if (settings === null) {
      await this.db.run(sql`DELETE FROM oidc_settings WHERE organization_id = ${organizationId}`);
      return;
    }
    await this.db.run(
      sql`INSERT INTO oidc_settings (organization_id, settings, updated_at) VALUES (${organizationId}, ${JSON.stringify(settings)}, ${now})
         ON CONFLICT (organization_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
    );
  }
}
