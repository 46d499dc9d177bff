import { ApiFailure } from '../../api/envelope';
import type { AuditEntry, AuditFacts } from '../../api/v2/audit';
import type { CreateIntegrationInput, CreatePersonalTokenInput, IssuedToken, RegisterDeviceInput } from '../../api/v2/devices';
import type { CreateUserInput, Invitation, UpdateUserInput, User } from '../../api/v2/users';
import type { Clock } from '../../ports/clock';
import type { BackendStore, Emit } from '../store/backend-store';
import { sessionView } from '../store/sessions-repo';
import { userView, type UserRow } from '../store/users-repo';
import { DEVICE_SLIDE_MS } from './credentials';
import { authorOf, type Principal } from './principal';
import type { SessionWatch } from './session-watch';
import { hashInvitationCode, hashToken, newInvitationCode, newToken } from './tokens';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long a one-time invitation code works. */
export const INVITATION_MS = 7 * DAY_MS;

/**
 * What managers do with people, devices, integrations and tokens, and a person's own sign-out.
 * Every change is written to the audit log; changes of people are events too (desktops show
 * colleagues' names); a revoked session's open streams close at once.
 */
export class PeopleService {
  constructor(
    private readonly store: BackendStore,
    private readonly clock: Clock,
    private readonly watch: SessionWatch,
  ) {}

  async createUser(by: Principal, input: CreateUserInput, address: string): Promise<Invitation> {
    const now = this.clock.now();
    await this.knownInboxes(by.organizationId, input.inboxes);
    const code = newInvitationCode();
    const expiresAt = now + INVITATION_MS;
    const user = await this.store.write(by.organizationId, now, async (emit) => {
      const created = await this.store.users.create(by.organizationId, input, { hash: hashInvitationCode(code), expiresAt }, now);
      emit('user.upsert', { user: { id: created.id, name: created.name, role: created.role } });
      return created;
    });
    await this.audit(by, 'user.created', address, input.email, { role: input.role });
    await this.audit(by, 'user.invited', address, input.email, {});
    return { user: userView(user), code, expiresAt };
  }

  async updateUser(by: Principal, id: string, change: UpdateUserInput, address: string): Promise<User> {
    const now = this.clock.now();
    const user = await this.user(by, id);
    if (change.inboxes) await this.knownInboxes(by.organizationId, change.inboxes);
    const updated = await this.store.write(by.organizationId, now, async (emit) => {
      // Inside the write, so that two managers demoting each other at once leave one.
      if (change.role === 'advisor' && user.role === 'manager') await this.notLastManager(by.organizationId, 'made an advisor');
      await this.store.users.update(by.organizationId, id, change);
      const row = (await this.store.users.get(by.organizationId, id))!;
      emit('user.upsert', { user: { id: row.id, name: row.name, role: row.role } });
      return row;
    });
    await this.audit(by, 'user.updated', address, updated.email ?? updated.name, { changed: change });
    return userView(updated);
  }

  /** Removes a person: their sessions end on every device; not oneself, and not the last manager. */
  async removeUser(by: Principal, id: string, address: string): Promise<void> {
    const now = this.clock.now();
    const user = await this.user(by, id);
    if (user.id === by.userId) {
      throw new ApiFailure('CANNOT_REMOVE_SELF', 'You cannot remove yourself; another manager can.');
    }
    const revoked = await this.store.write(by.organizationId, now, async (emit) => {
      if (user.role === 'manager') await this.notLastManager(by.organizationId, 'removed');
      const ended = await this.endSessions(await this.store.sessions.openOfUser(id), now, emit);
      await this.store.users.remove(by.organizationId, id, now);
      emit('user.remove', { user: id });
      return ended;
    });
    this.watch.revoked(revoked);
    await this.audit(by, 'user.removed', address, user.email ?? user.name, {});
  }

  /** A new one-time code for a person (the earlier one stops working). */
  async invite(by: Principal, id: string, address: string): Promise<Invitation> {
    const now = this.clock.now();
    const user = await this.user(by, id);
    const code = newInvitationCode();
    const expiresAt = now + INVITATION_MS;
    await this.store.users.setInvitation(user.id, hashInvitationCode(code), expiresAt);
    await this.audit(by, 'user.invited', address, user.email ?? user.name, {});
    return { user: userView((await this.store.users.get(by.organizationId, id))!), code, expiresAt };
  }

  async registerDevice(by: Principal, input: RegisterDeviceInput, address: string): Promise<IssuedToken> {
    const now = this.clock.now();
    const token = newToken('device');
    const session = await this.store.sql.transaction(async () => {
      const device = await this.store.devices.create(by.organizationId, input.name, input.role, now);
      return this.store.sessions.create(
        { organizationId: by.organizationId, tokenKind: 'device', tokenHash: hashToken(token), deviceId: device.id, expiresAt: now + DEVICE_SLIDE_MS },
        now,
      );
    });
    await this.audit(by, 'device.registered', address, input.name, { role: input.role });
    return { session: sessionView(session), token };
  }

  /** A new token for a device; its old token stops working now (the people signed in on it stay). */
  async rotateDevice(by: Principal, deviceId: string, address: string): Promise<IssuedToken> {
    const now = this.clock.now();
    const device = await this.store.devices.get(by.organizationId, deviceId);
    if (!device) throw new ApiFailure('NOT_FOUND', 'That device is not registered in your organisation.');
    const token = newToken('device');
    const { session, revoked } = await this.store.write(by.organizationId, now, async (emit) => {
      const own: string[] = [];
      for (const id of await this.store.sessions.openOfDevice(deviceId)) {
        if ((await this.store.sessions.get(id))!.tokenKind === 'device') own.push(id);
      }
      const ended = await this.endSessions(own, now, emit);
      const created = await this.store.sessions.create(
        { organizationId: by.organizationId, tokenKind: 'device', tokenHash: hashToken(token), deviceId, expiresAt: now + DEVICE_SLIDE_MS },
        now,
      );
      return { session: created, revoked: ended };
    });
    this.watch.revoked(revoked);
    await this.audit(by, 'device.rotated', address, device.name, {});
    return { session: sessionView(session), token };
  }

  async createIntegration(by: Principal, input: CreateIntegrationInput, address: string): Promise<IssuedToken> {
    const now = this.clock.now();
    await this.knownInboxes(by.organizationId, input.inboxes);
    const token = newToken('integration');
    const session = await this.store.sql.transaction(async () => {
      const integrationId = await this.store.devices.createIntegration(by.organizationId, input, now);
      return this.store.sessions.create(
        { organizationId: by.organizationId, tokenKind: 'integration', tokenHash: hashToken(token), integrationId, expiresAt: now + input.days * DAY_MS },
        now,
      );
    });
    await this.audit(by, 'integration.created', address, input.name, { system: input.system, inboxes: input.inboxes });
    return { session: sessionView(session), token };
  }

  /** A person's own API token: it acts as that person, with their role, until it ends or is revoked. */
  async personalToken(by: Principal, input: CreatePersonalTokenInput, address: string): Promise<IssuedToken> {
    const now = this.clock.now();
    const userId = input.user ?? by.userId;
    if (!userId) throw new ApiFailure('INVALID_REQUEST', 'user: name the person the token is for.');
    const user = await this.user(by, userId);
    const token = newToken('personal');
    const session = await this.store.sessions.create(
      { organizationId: by.organizationId, tokenKind: 'personal', tokenHash: hashToken(token), userId: user.id, label: input.label, expiresAt: now + input.days * DAY_MS },
      now,
    );
    await this.audit(by, 'token.created', address, user.email ?? user.name, { label: input.label, days: input.days });
    return { session: sessionView(session), token };
  }

  /** Ends a session; a device's also ends the sessions of the people signed in on it. */
  async revokeSession(by: Principal, id: string, address: string): Promise<void> {
    const now = this.clock.now();
    const session = await this.store.sessions.inOrganization(by.organizationId, id);
    if (!session) throw new ApiFailure('NOT_FOUND', 'That session does not exist in your organisation.');
    const ids = session.tokenKind === 'device' ? [id, ...(await this.store.sessions.openOfDevice(session.subjectId))] : [id];
    const revoked = await this.store.write(by.organizationId, now, (emit) => this.endSessions([...new Set(ids)], now, emit));
    this.watch.revoked(revoked);
    await this.audit(by, 'session.revoked', address, session.name, { role: session.role });
  }

  async signOut(by: Principal, address: string): Promise<void> {
    const now = this.clock.now();
    const revoked = await this.store.write(by.organizationId, now, (emit) => this.endSessions([by.sessionId], now, emit));
    this.watch.revoked(revoked);
    await this.audit(by, 'signout', address, by.name, {});
  }

  /** Revokes sessions in the write that logs it, so desktops holding one sign its person out at once. */
  private async endSessions(ids: string[], now: number, emit: Emit): Promise<string[]> {
    const ended = await this.store.sessions.revoke(ids, now);
    if (ended.length > 0) emit('session.end', { sessions: ended });
    return ended;
  }

  /** `detail` is the line's subject as data; `facts` the rest of it, worded by each screen (AuditFactsSchema). */
  async audit(by: Principal, action: AuditEntry['action'], address: string, detail: string, facts: AuditFacts): Promise<void> {
    const device = by.kind === 'user' ? (await this.store.sessions.get(by.sessionId))?.deviceId ?? null : null;
    const deviceName = device ? (await this.store.devices.get(by.organizationId, device))?.name ?? null : null;
    await this.store.audit.append(by.organizationId, { action, actor: authorOf(by), device: deviceName, address, detail, facts }, this.clock.now());
  }

  private async user(by: Principal, id: string): Promise<UserRow> {
    const user = await this.store.users.get(by.organizationId, id);
    if (!user) throw new ApiFailure('NOT_FOUND', 'That person is not in your organisation.');
    return user;
  }

  private async notLastManager(organizationId: string, change: string): Promise<void> {
    if ((await this.store.users.managerCount(organizationId)) <= 1) {
      throw new ApiFailure('LAST_MANAGER', `The last manager cannot be ${change}: make someone else a manager first.`);
    }
  }

  private async knownInboxes(organizationId: string, inboxes: string[]): Promise<void> {
    const unknown: string[] = [];
    for (const id of inboxes) if (!(await this.store.organizations.inbox(organizationId, id))) unknown.push(id);
    if (unknown.length > 0) throw new ApiFailure('UNKNOWN_INBOX', `No inbox ${unknown.join(', ')} in your organisation.`);
  }
}
