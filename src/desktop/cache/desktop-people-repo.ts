import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { SignedInUserSchema, type SignedInUser } from '../../api/people';
import type { UserRole } from '../../api/v2/auth';

/** What ending a person's stay on this desktop still has to do once their waiting changes are sent. */
export type Ending = 'none' | 'sign-out' | 'forget';
const ENDINGS: Ending[] = ['none', 'sign-out', 'forget'];

export interface DesktopPerson {
  user: SignedInUser;
  pinHash: string | null;
  pinFailures: number;
  ending: Ending;
  signedInAt: number;
}

interface Row {
  user_id: string;
  name: string;
  email: string;
  role: string;
  inboxes: string;
  pin_hash: string | null;
  pin_failures: number;
  ending: number;
  signed_in_at: number;
}

const InboxesSchema = z.array(z.string());

function personOf(row: Row): DesktopPerson {
  return {
    user: SignedInUserSchema.parse({ id: row.user_id, name: row.name, email: row.email, role: row.role, inboxes: InboxesSchema.parse(JSON.parse(row.inboxes)) }),
    pinHash: row.pin_hash,
    pinFailures: row.pin_failures,
    ending: ENDINGS[row.ending] ?? 'none',
    signedInAt: row.signed_in_at,
  };
}

/** The people who signed in on this desktop lately (migration 0013), the latest first. */
export class DesktopPeopleRepo {
  constructor(private readonly db: Database) {}

  all(): DesktopPerson[] {
    return this.db.prepare<[], Row>('SELECT * FROM desktop_people ORDER BY signed_in_at DESC, user_id').all().map(personOf);
  }

  get(userId: string): DesktopPerson | undefined {
    const row = this.db.prepare<[string], Row>('SELECT * FROM desktop_people WHERE user_id = ?').get(userId);
    return row && personOf(row);
  }

  /** A sign-in: what the backend says of them now; their PIN stays, their wrong PINs and any ending are cleared. */
  signedIn(user: SignedInUser, now: number): void {
    this.db
      .prepare(
        `INSERT INTO desktop_people (user_id, name, email, role, inboxes, signed_in_at) VALUES (@id, @name, @email, @role, @inboxes, @now)
         ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, email = excluded.email, role = excluded.role,
           inboxes = excluded.inboxes, pin_failures = 0, ending = 0, signed_in_at = excluded.signed_in_at`,
      )
      .run({ ...user, inboxes: JSON.stringify(user.inboxes), now });
  }

  /** A manager renamed them or changed their role; true when they are one of this desktop's people. */
  changed(userId: string, name: string, role: UserRole): boolean {
    return this.db.prepare('UPDATE desktop_people SET name = ?, role = ? WHERE user_id = ?').run(name, role, userId).changes > 0;
  }

  setPin(userId: string, pinHash: string): void {
    this.db.prepare('UPDATE desktop_people SET pin_hash = ?, pin_failures = 0 WHERE user_id = ?').run(pinHash, userId);
  }

  setPinFailures(userId: string, failures: number): void {
    this.db.prepare('UPDATE desktop_people SET pin_failures = ? WHERE user_id = ?').run(failures, userId);
  }

  /**
   * Signed out here: their session ends once their waiting changes are sent; then they stay on
   * the list (their PIN kept for after their next sign-in with a password), or, forgotten, go.
   */
  setEnding(userId: string, ending: Ending): void {
    this.db.prepare('UPDATE desktop_people SET ending = ? WHERE user_id = ?').run(ENDINGS.indexOf(ending), userId);
  }

  remove(userId: string): void {
    this.db.prepare('DELETE FROM desktop_people WHERE user_id = ?').run(userId);
  }
}
