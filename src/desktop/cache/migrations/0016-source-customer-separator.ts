import type { Database } from 'better-sqlite3';
import { moveSourceCustomerSeparator } from '../../../sqlite/source-customer-separator';

/** Source-customer keys take the separator the backend now stores (see SOURCE_CUSTOMER_SEPARATOR). */
export function up(db: Database): void {
  moveSourceCustomerSeparator(db);
}
