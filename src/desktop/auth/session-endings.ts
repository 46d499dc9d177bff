import type { DesktopPeopleRepo, Ending } from '../cache/desktop-people-repo';
import type { OutboxRepo } from '../cache/outbox-repo';
import { BackendUnavailable } from '../relay/backend-client';
import type { PersonTokens } from './person-tokens';
import type { StoredToken } from './stored-token';

export interface SessionEndingsOptions {
  people: DesktopPeopleRepo;
  outbox: OutboxRepo;
  tokens: PersonTokens;
  /** The backend is asked only while the desktop is joined and its token not refused. */
  stored: StoredToken;
  /** Sessions of people who signed out ended here: the windows are told. */
  settled(): void;
  /** The backend ended the session of a person who did not sign out here. */
  revoked(userId: string): void;
}

/**
 * How people's sessions on this desktop end. One who signs out keeps their session until the
 * changes they made here are sent (they are sent with it), then it ends on the backend too;
 * one whose session the backend ended (revoked elsewhere) is signed out here at once.
 */
export class SessionEndings {
  private settling = false;
  private closed = false;

  constructor(private readonly options: SessionEndingsOptions) {}

  /** The person leaves (`forget`: also off this desktop's list); their session ends once nothing of theirs waits. */
  end(userId: string, ending: Ending): void {
    this.options.people.setEnding(userId, ending);
    void this.settle();
  }

  /** After each change the backend took: the sessions of people who signed out end once nothing of theirs waits. */
  async settle(): Promise<void> {
    if (this.settling || !this.options.stored.endpoint || this.options.stored.refused) return;
    this.settling = true;
    let settled = false;
    try {
      for (const person of this.options.people.all()) {
        const userId = person.user.id;
        if (person.ending === 'none' || this.options.outbox.countBy(userId) > 0) continue;
        if (this.options.tokens.holds(userId)) {
          try {
            await this.options.tokens.withToken(userId, (client) => client.signOut());
          } catch (error) {
            if (error instanceof BackendUnavailable) continue;
            // Refused: the session is over already, which is what was asked.
          }
        }
        if (this.closed) return;
        // Signed in again meanwhile: that new session stays.
        const now = this.options.people.get(userId);
        if (!now || now.ending === 'none') continue;
        this.options.tokens.forget(userId);
        if (now.ending === 'forget') this.options.people.remove(userId);
        settled = true;
      }
    } finally {
      this.settling = false;
    }
    if (settled) this.options.settled();
  }

  /**
   * The backend says these sessions ended. A person whose session is one of them is signed out
   * here at once. (One whose token was not renewed since this desktop started is known by
   * session only at their next request, which the backend then refuses.)
   */
  sessionsEnded(ids: string[]): void {
    const ended = new Set(ids);
    for (const [userId, session] of this.options.tokens.sessions()) {
      // Someone signing out here ends their own session: that is no revocation to tell about.
      const signingOut = this.options.people.get(userId)?.ending !== 'none';
      if (ended.has(session) && this.options.tokens.holds(userId) && !signingOut) this.options.revoked(userId);
    }
  }

  /** The core closed: a sign-out that answers later has no cache to write to. */
  close(): void {
    this.closed = true;
  }
}
