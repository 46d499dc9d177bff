import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { Colleague } from '../../api/people';
import type { BoardEvent } from '../../api/board-api';
import type { BackendEvent } from '../../api/v2/event';
import { EventDataSchema, type EventData } from '../../api/v2/event-data';
import { nextStatus } from '../../domain/message-status';
import { localDateAt } from '../../domain/zoned-time';
import type { Logger } from '../../ports/logger';
import type { AppointmentsRepo } from '../cache/appointments-repo';
import type { CardHistoryRepo } from '../cache/card-history-repo';
import type { ColleaguesRepo } from '../cache/colleagues-repo';
import type { ContactsRepo } from '../cache/contacts-repo';
import type { ConversationsRepo } from '../cache/conversations-repo';
import type { InboxesRepo } from '../cache/inboxes-repo';
import type { OutboxRepo } from '../cache/outbox-repo';
import type { RemoteAppointmentsRepo } from '../cache/remote-appointments-repo';
import type { SharedSourceStatusRepo } from '../cache/shared-source-status-repo';
import type { SyncStateRepo } from '../cache/sync-state-repo';
import { applyBackendAppointment } from './apply-appointment';
import { forgetTemplate, rememberTemplate } from '../cache/templates-cache';
import { ORGANISATION_KEY } from './relay';

const CURSOR_KEY = 'eventCursor';
const CursorSchema = z.number().int().nonnegative();

/** The sequence number of the last event applied to the cache. */
export function eventCursor(syncState: SyncStateRepo): number {
  return syncState.get(CURSOR_KEY, CursorSchema) ?? 0;
}

/** A customer's message this recent raises a notification; older ones arrive in a catch-up. */
const NOTIFY_WITHIN_MS = 5 * 60_000;

export interface ApplierStores {
  db: Database;
  appointments: AppointmentsRepo;
  contacts: ContactsRepo;
  conversations: ConversationsRepo;
  remoteAppointments: RemoteAppointmentsRepo;
  outbox: OutboxRepo;
  syncState: SyncStateRepo;
  inboxes: InboxesRepo;
  sharedSources: SharedSourceStatusRepo;
  colleagues: ColleaguesRepo;
  cardHistory: CardHistoryRepo;
}

/** What the windows are told after a batch: one refresh, however many events it held. */
export interface AppliedBatch {
  applied: number;
  gap: boolean;
  appointmentIds: Set<string>;
  contactIds: Set<string>;
  received: Array<Extract<BoardEvent, { type: 'message.received' }>>;
  /** An appointment named an inbox this desktop did not know: read the organisation again. */
  newInbox: boolean;
  /** For the desktop that pulls a source: a planning system's notification, or a Sync now from elsewhere. */
  sourceSignals: SourceSignal[];
  /** Another desktop told how one of its sources goes. */
  sourcesChanged: boolean;
  /** Sessions the backend ended: whoever holds one here is signed out now. */
  endedSessions: string[];
  /** Someone was removed from the organisation: changes of theirs still waiting here will never go. */
  peopleRemoved: boolean;
  /** People a manager added or changed: the names and roles of those signed in here follow. */
  changedPeople: Colleague[];
  /** A manager renamed the organisation or changed an inbox: the windows read the settings again. */
  settingsChanged: boolean;
}

export type SourceSignal = Extract<EventData, { type: 'source.notified' | 'source.syncRequested' }>;
export type SourceNotification = Extract<SourceSignal, { type: 'source.notified' }>['data'];

/**
 * Applies the backend's events to the cache, strictly in sequence order, each batch in one
 * transaction with the cursor, so that a crash never applies an event twice or skips one.
 * A change this desktop made and has not sent yet is not overwritten by older state: its own
 * event, later in the log, settles it.
 */
export class EventApplier {
  constructor(
    private readonly stores: ApplierStores,
    private readonly zone: string,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {}

  cursor(): number {
    return eventCursor(this.stores.syncState);
  }

  apply(events: BackendEvent[]): AppliedBatch {
    const batch: AppliedBatch = { applied: 0, gap: false, appointmentIds: new Set(), contactIds: new Set(), received: [], newInbox: false, sourceSignals: [], sourcesChanged: false, endedSessions: [], peopleRemoved: false, changedPeople: [], settingsChanged: false };
    this.stores.db.transaction(() => {
      let cursor = this.cursor();
      for (const event of events) {
        if (event.seq <= cursor) continue;
        if (event.seq !== cursor + 1) {
          batch.gap = true;
          break;
        }
        const parsed = EventDataSchema.safeParse({ type: event.type, data: event.data });
        if (parsed.success) this.applyOne(parsed.data, event.seq, event.createdAt, batch);
        else this.logger.warn({ seq: event.seq, type: event.type }, 'skipped an event this desktop cannot read');
        cursor = event.seq;
        batch.applied++;
      }
      this.stores.syncState.set(CURSOR_KEY, cursor);
    })();
    return batch;
  }

  /** `seq`: the event's place in the log, which makes each history line once. */
  private applyOne(event: EventData, seq: number, at: number, batch: AppliedBatch): void {
    const { appointments, contacts, conversations, outbox, cardHistory, colleagues } = this.stores;
    const now = this.now();
    switch (event.type) {
      case 'contact.create':
      case 'contact.update': {
        const { id, profile, createdAt, optedOut } = event.data.contact;
        contacts.storeRemote({ id, name: profile.name, phone: profile.telephone, email: profile.email, createdAt, optedOut });
        batch.contactIds.add(id);
        return;
      }
      case 'conversation.create':
        conversations.upsert(event.data.conversation);
        batch.contactIds.add(event.data.conversation.contact);
        return;
      case 'conversation.waiting':
      case 'conversation.read': {
        const id = event.data.conversation;
        const waiting = event.type === 'conversation.waiting';
        conversations.setWaiting(id, waiting, event.type === 'conversation.waiting' ? event.data.lastInboundAt : undefined);
        this.touchConversation(id, batch);
        return;
      }
      case 'message.create': {
        const { message } = event.data;
        if (!conversations.storeRemote(message)) return;
        const contactId = this.touchConversation(message.conversation, batch);
        if (message.role === 'contact' && now - at < NOTIFY_WITHIN_MS && contactId) {
          const appointmentId = appointments.nearestOfContact(contactId, now);
          const customerName = contacts.get(contactId)?.name ?? null;
          batch.received.push({ type: 'message.received', messageId: message.id, appointmentId, customerName, text: message.text });
        }
        return;
      }
      case 'message.status': {
        const current = conversations.statusOf(event.data.message);
        if (!current) return;
        const status = nextStatus(current as Parameters<typeof nextStatus>[0], event.data.status);
        if (status === current) return;
        conversations.setStatus(event.data.message, status, status === 'failed' ? event.data.failure : null, now);
        this.touchConversation(event.data.conversation, batch);
        return;
      }
      case 'appointment.upsert': {
        const applied = applyBackendAppointment(this.stores, event.data.appointment, this.zone, at, now);
        for (const id of applied.ids) batch.appointmentIds.add(id);
        if (applied.newInbox) batch.newInbox = true;
        return;
      }
      case 'appointment.move': {
        const { appointment: id, column, by } = event.data;
        // A reorder within the column is announced as a move too; only another column is history.
        // Its line is written even while a move made here waits: it happened, before ours.
        if (appointments.remoteColumnOf(id) !== column) cardHistory.record(seq, id, at, by, { kind: 'column', column });
        appointments.setRemoteColumn(id, column);
        batch.appointmentIds.add(id);
        if (outbox.pendingBoardChange(id, 'column')) return;
        appointments.move(id, column, event.data.position, localDateAt(at, this.zone), now);
        return;
      }
      case 'appointment.colour': {
        const { appointment: id, colour, by } = event.data;
        cardHistory.record(seq, id, at, by, { kind: 'colour', colour });
        batch.appointmentIds.add(id);
        if (outbox.pendingBoardChange(id, 'colour')) return;
        appointments.setColour(id, colour, now);
        return;
      }
      case 'appointment.advisor': {
        const { appointment: id, advisor, by } = event.data;
        cardHistory.record(seq, id, at, by, { kind: 'advisor', advisor });
        batch.appointmentIds.add(id);
        if (outbox.pendingBoardChange(id, 'advisor')) return;
        appointments.setAdvisor(id, advisor, now);
        return;
      }
      case 'user.upsert':
        colleagues.upsert(event.data.user);
        batch.changedPeople.push(event.data.user);
        // Their cards show their (new) name, or, named at last, no longer the planning system's text.
        for (const id of appointments.idsWithAdvisor(event.data.user.id)) batch.appointmentIds.add(id);
        return;
      case 'user.remove':
        // Off the advisor picker; their name stays on the cards and changes they made.
        colleagues.remove(event.data.user);
        batch.peopleRemoved = true;
        return;
      case 'session.end':
        batch.endedSessions.push(...event.data.sessions);
        return;
      case 'source.notified':
      case 'source.syncRequested':
        batch.sourceSignals.push(event);
        return;
      case 'source.status':
        this.stores.sharedSources.set(event.data.key, event.data.status, at);
        batch.sourcesChanged = true;
        return;
      case 'organization.update':
        this.stores.syncState.set(ORGANISATION_KEY, event.data.organization.name);
        batch.settingsChanged = true;
        return;
      case 'inbox.upsert':
        this.stores.inboxes.saveFromBackend(event.data.inbox);
        batch.settingsChanged = true;
        return;
      case 'template.upsert':
        rememberTemplate(this.stores.syncState, event.data.template);
        batch.settingsChanged = true;
        return;
      case 'template.remove':
        forgetTemplate(this.stores.syncState, event.data.template);
        batch.settingsChanged = true;
        return;
    }
  }

  private touchConversation(conversationId: string, batch: AppliedBatch): string | undefined {
    const contactId = this.stores.conversations.contactOf(conversationId);
    if (contactId) batch.contactIds.add(contactId);
    return contactId;
  }
}
