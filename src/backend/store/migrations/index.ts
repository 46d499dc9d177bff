import type { Migration } from '../../../sqlite/database';
import { up as organisationsAndConversations } from './0001-organisations-and-conversations';
import { up as sendQueue } from './0002-send-queue';
import { up as appointmentsAndReminders } from './0003-appointments-and-reminders';
import { up as outgoingWebhooks } from './0004-outgoing-webhooks';
import { up as idempotencyAndTemplateHints } from './0005-idempotency-and-template-hints';
import { up as ispaEvents } from './0006-ispa-events';
import { up as leases } from './0007-leases';
import { up as rejectedWebhooks } from './0008-rejected-webhooks';
import { up as contactNameFromChannel } from './0009-contact-name-from-channel';
import { up as contactsByOrganisation } from './0010-contacts-by-organisation';
import { up as contactSourceCustomer } from './0011-contact-source-customer';
import { up as people } from './0012-people';
import { up as authors } from './0013-authors';
import { up as auditFacts } from './0014-audit-facts';
import { up as channels } from './0015-channels';
import { up as inboxSettings } from './0016-inbox-settings';
import { up as contentLibrary } from './0017-content-library';
import { up as reminderSettings } from './0018-reminder-settings';
import { up as optOut } from './0019-opt-out';
import { up as severalProcesses } from './0020-several-processes';
import { up as sourceCustomerSeparator } from './0021-source-customer-separator';

/** The backend store's migrations in order; user_version is the number applied. */
export const MIGRATIONS: readonly Migration[] = [organisationsAndConversations, sendQueue, appointmentsAndReminders, outgoingWebhooks,
  idempotencyAndTemplateHints, ispaEvents, leases, rejectedWebhooks, contactNameFromChannel, contactsByOrganisation,
  contactSourceCustomer, people, authors, auditFacts, channels, inboxSettings, contentLibrary, reminderSettings, optOut, severalProcesses, sourceCustomerSeparator];
