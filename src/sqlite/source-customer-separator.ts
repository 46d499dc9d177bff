import type { Database } from 'better-sqlite3';
import { SOURCE_CUSTOMER_SEPARATOR } from '../domain/contact-identity';

/**
 * Rewrites the contacts' source-customer keys from the NUL separator they were written with to
 * SOURCE_CUSTOMER_SEPARATOR, in the desktop cache and the backend store alike (both keep the
 * column, and both compute keys with the one function). In JavaScript, since SQLite's string
 * functions stop at a NUL.
 */
export function moveSourceCustomerSeparator(db: Database): void {
  const rows = db.prepare<[], { id: string; key: string }>("SELECT id, source_customer AS key FROM contacts WHERE source_customer IS NOT NULL").all();
  const update = db.prepare<[string, string]>('UPDATE contacts SET source_customer = ? WHERE id = ?');
  for (const { id, key } of rows) {
    const moved = key.replace('\u0000', SOURCE_CUSTOMER_SEPARATOR);
    if (moved !== key) update.run(moved, id);
  }
}
