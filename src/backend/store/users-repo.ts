import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { ApiFailure } from '../../api/envelope';
import { OidcSettingsSchema, type OidcSettings, type UserRole } from '../../api/v2/auth';
import { splitPage, type ListPosition } from '../../api/v2/paging';
import { UserSettingsSchema, type User, type UserSettings } from '../../api/v2/users';

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

const COLUMNS = 'rowid AS ord, id, organization_id, name, email, role, password_hash, inboxes, oidc_subject, invitation_hash, invitation_expires_at, last_sign_in_at, removed_at, created_at';

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
function emailTaken(error: unknown, email: string | undefined): never {
  if (email !== undefined && error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE') {
    throw new ApiFailure('EMAIL_TAKEN', `${email} is already the e-mail of someone in this organisation.`);
  }
  throw error;
}

/** The organisation's people (see migration 0012), their view settings, and the organisation's OpenID settings. */
export class UsersRepo {
  constructor(private readonly db: Database) {}

  create(
    organizationId: string,
    user: { name: string; email: string | null; role: UserRole; inboxes: string[]; oidcSubject?: string | null },
    invitation: { hash: string; expiresAt: number } | null,
    now: number,
  ): UserRow {
    const id = randomUUID();
    try {
      this.db
        .prepare(
          `INSERT INTO users (id, organization_id, name, email, role, inboxes, oidc_subject, invitation_hash, invitation_expires_at, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, organizationId, user.name, user.email, user.role, JSON.stringify(user.inboxes), user.oidcSubject ?? null,
          invitation?.hash ?? null, invitation?.expiresAt ?? null, now);
    } catch (error) {
      emailTaken(error, user.email ?? undefined);
    }
    return this.get(organizationId, id)!;
  }

  /** A person of the organisation who was not removed. */
  get(organizationId: string, id: string): UserRow | undefined {
    return this.db
      .prepare<[string, string], UserRow>(`SELECT ${COLUMNS} FROM users WHERE organization_id = ? AND id = ? AND removed_at IS NULL`)
      .get(organizationId, id);
  }

  /** Everyone with this e-mail, in any organisation (a password sign-in names no organisation). */
  byEmail(email: string): UserRow[] {
    return this.db
      .prepare<[string], UserRow>(`SELECT ${COLUMNS} FROM users WHERE email = ? COLLATE NOCASE AND removed_at IS NULL ORDER BY created_at`)
      .all(email);
  }

  byEmailIn(organizationId: string, email: string): UserRow | undefined {
    return this.db
      .prepare<[string, string], UserRow>(`SELECT ${COLUMNS} FROM users WHERE organization_id = ? AND email = ? COLLATE NOCASE AND removed_at IS NULL`)
      .get(organizationId, email);
  }

  byInvitation(hash: string): UserRow | undefined {
    return this.db.prepare<[string], UserRow>(`SELECT ${COLUMNS} FROM users WHERE invitation_hash = ? AND removed_at IS NULL`).get(hash);
  }

  byOidcSubject(organizationId: string, subject: string): UserRow | undefined {
    return this.db
      .prepare<[string, string], UserRow>(`SELECT ${COLUMNS} FROM users WHERE organization_id = ? AND oidc_subject = ? AND removed_at IS NULL`)
      .get(organizationId, subject);
  }

  /** The latest removed person of the organisation who signed in with this provider's subject. */
  removedWithOidcSubject(organizationId: string, subject: string): UserRow | undefined {
    return this.db
      .prepare<[string, string], UserRow>(
        `SELECT ${COLUMNS} FROM users WHERE organization_id = ? AND oidc_subject = ? AND removed_at IS NOT NULL ORDER BY removed_at DESC LIMIT 1`,
      )
      .get(organizationId, subject);
  }

  /** The organisation's people in the order they were added, a page after `after`. */
  page(organizationId: string, after: ListPosition | undefined, limit: number): { items: User[]; next: ListPosition | null } {
    const rows = this.db
      .prepare<Record<string, unknown>, UserRow>(
        `SELECT ${COLUMNS} FROM users WHERE organization_id = @organizationId AND removed_at IS NULL
         ${after ? 'AND (created_at, rowid) > (@createdAt, @order)' : ''} ORDER BY created_at, rowid LIMIT @limit`,
      )
      .all({ organizationId, ...after, limit: limit + 1 });
    const { page, next } = splitPage(rows, limit, (row) => ({ createdAt: row.created_at, order: row.ord }));
    return { items: page.map(userView), next };
  }

  update(organizationId: string, id: string, change: { name?: string; email?: string; role?: UserRole; inboxes?: string[] }): void {
    try {
      this.db
        .prepare(
          `UPDATE users SET name = coalesce(@name, name), email = coalesce(@email, email), role = coalesce(@role, role),
             inboxes = coalesce(@inboxes, inboxes)
           WHERE organization_id = @organizationId AND id = @id AND removed_at IS NULL`,
        )
        .run({
          organizationId,
          id,
          name: change.name ?? null,
          email: change.email ?? null,
          role: change.role ?? null,
          inboxes: change.inboxes ? JSON.stringify(change.inboxes) : null,
        });
    } catch (error) {
      emailTaken(error, change.email);
    }
  }

  /** A new one-time code for the person; an earlier one stops working. */
  setInvitation(id: string, hash: string, expiresAt: number): void {
    this.db.prepare('UPDATE users SET invitation_hash = ?, invitation_expires_at = ? WHERE id = ?').run(hash, expiresAt, id);
  }

  /**
   * Uses up the invitation with this code, setting the person's password: false when the code
   * is no longer theirs (used a moment ago by another request, replaced, or the person removed).
   */
  useInvitation(id: string, invitationHash: string, passwordHash: string): boolean {
    return (
      this.db
        .prepare(
          `UPDATE users SET password_hash = ?, invitation_hash = NULL, invitation_expires_at = NULL
           WHERE id = ? AND invitation_hash = ? AND removed_at IS NULL`,
        )
        .run(passwordHash, id, invitationHash).changes === 1
    );
  }

  setOidcSubject(id: string, subject: string): void {
    this.db.prepare('UPDATE users SET oidc_subject = ? WHERE id = ?').run(subject, id);
  }

  signedIn(id: string, now: number): void {
    this.db.prepare('UPDATE users SET last_sign_in_at = ? WHERE id = ?').run(now, id);
  }

  remove(organizationId: string, id: string, now: number): void {
    this.db
      .prepare('UPDATE users SET removed_at = ?, invitation_hash = NULL, invitation_expires_at = NULL WHERE organization_id = ? AND id = ?')
      .run(now, organizationId, id);
  }

  managerCount(organizationId: string): number {
    return this.db
      .prepare<[string], { n: number }>("SELECT count(*) AS n FROM users WHERE organization_id = ? AND role = 'manager' AND removed_at IS NULL")
      .get(organizationId)!.n;
  }

  settings(userId: string): UserSettings {
    const row = this.db.prepare<[string], { settings: string }>('SELECT settings FROM user_settings WHERE user_id = ?').get(userId);
    return UserSettingsSchema.parse(row ? JSON.parse(row.settings) : {});
  }

  saveSettings(userId: string, settings: UserSettings, now: number): void {
    this.db
      .prepare(
        `INSERT INTO user_settings (user_id, settings, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
      )
      .run(userId, JSON.stringify(settings), now);
  }

  oidcSettings(organizationId: string): OidcSettings | null {
    const row = this.db.prepare<[string], { settings: string }>('SELECT settings FROM oidc_settings WHERE organization_id = ?').get(organizationId);
    return row ? OidcSettingsSchema.parse(JSON.parse(row.settings)) : null;
  }

  /** The organisations that sign in with this OpenID provider. */
  organizationsWithOidc(issuer: string): string[] {
    return this.db
      .prepare<[string], { organization_id: string }>("SELECT organization_id FROM oidc_settings WHERE rtrim(settings ->> '$.issuer', '/') = rtrim(?, '/')")
      .all(issuer)
      .map((r) => r.organization_id);
  }

  setOidcSettings(organizationId: string, settings: OidcSettings | null, now: number): void {
    if (settings === null) {
      this.db.prepare('DELETE FROM oidc_settings WHERE organization_id = ?').run(organizationId);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO oidc_settings (organization_id, settings, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (organization_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
      )
      .run(organizationId, JSON.stringify(settings), now);
  }
}
