import type { Migration } from '../../../sqlite/database';
import { up as initial } from './0001-initial';
import { up as conversationsAndOutbox } from './0002-conversations-and-outbox';
import { up as sources } from './0003-sources';
import { up as quarantinedField } from './0004-quarantined-field';
import { up as sharedSourceStatus } from './0005-shared-source-status';
import { up as inboxZoneAndCountry } from './0006-inbox-zone-and-country';
import { up as messagesByStream } from './0007-messages-by-stream';
import { up as importProblems } from './0008-import-problems';
import { up as refusedRows } from './0009-refused-rows';
import { up as outboxAppointments } from './0010-outbox-appointments';
import { up as contactSourceCustomer } from './0011-contact-source-customer';
import { up as peopleOnCards } from './0012-people-on-cards';
import { up as outboxAuthor } from './0013-outbox-author';
import { up as inboxSettings } from './0014-inbox-settings';
import { up as optOutAndForms } from './0015-opt-out-and-forms';
import { up as sourceCustomerSeparator } from './0016-source-customer-separator';

/** The desktop cache's migrations in order; user_version is the number applied. */
export const MIGRATIONS: readonly Migration[] = [
  initial,
  conversationsAndOutbox,
  sources,
  quarantinedField,
  sharedSourceStatus,
  inboxZoneAndCountry,
  messagesByStream,
  importProblems,
  refusedRows,
  outboxAppointments,
  contactSourceCustomer,
  peopleOnCards,
  outboxAuthor,
  inboxSettings,
  optOutAndForms,
  sourceCustomerSeparator,
];
