import type { BackendAppointment } from '../../api/v2/appointment';
import { addDays } from '../../domain/calendar-date';
import { templateParameterCount } from '../../domain/template-text';
import { localDateAt, localTimeAt } from '../../domain/zoned-time';
import type { Clock } from '../../ports/clock';
import type { ConversationService } from '../conversations/conversation-service';
import type { BackendStore } from '../store/backend-store';
import type { InboxRow } from '../store/organizations-repo';

/** The reminder fills its template with these four values, in this order. */
const REMINDER_VALUES = 'name, date, time, plate';

/**
 * The day before each appointment, from the inbox's reminder hour (local time), sends the
 * organisation's reminder template once. A run may happen at any moment, twice at once or in
 * two processes on one store: each appointment gets exactly one decision, sent or skipped
 * with its reason, stored in the same transaction as the message it queues.
 */
export class ReminderBot {
  constructor(
    private readonly store: BackendStore,
    private readonly conversations: ConversationService,
    private readonly clock: Clock,
  ) {}

  run(): { sent: number; skipped: number } {
    const tally = { sent: 0, skipped: 0 };
    const now = this.clock.now();
    const inboxes = this.store.organizations.allInboxes();
    for (const inbox of inboxes) {
      if (Number(localTimeAt(now, inbox.zone).slice(0, 2)) < inbox.reminder_hour) continue;
      const tomorrow = addDays(localDateAt(now, inbox.zone), 1);
      for (const appointment of this.store.appointments.awaitingReminder(inbox.id, tomorrow)) {
        const outcome = this.decide(inbox, appointment, now);
        if (outcome) tally[outcome]++;
      }
    }
    if (tally.sent > 0) this.conversations.queued();
    return tally;
  }

  private decide(inbox: InboxRow, appointment: BackendAppointment, now: number): 'sent' | 'skipped' | null {
    const org = inbox.organization_id;
    return this.store.write(org, now, (emit) => {
      const skip = (reason: string) =>
        this.store.reminders.decide({ appointmentId: appointment.id, outcome: 'skipped', reason, messageId: null }, now) ? 'skipped' : null;
      if (appointment.cancelled) return skip('the appointment was cancelled');
      if (appointment.column === 'finished') return skip('the appointment is already finished');
      const contact = appointment.contact ? this.store.contacts.get(org, appointment.contact) : undefined;
      if (!contact?.profile.telephone) return skip('the customer has no phone number');
      const configured = this.store.reminders.reminderTemplate(org);
      if (!configured) return skip('no reminder template is configured');
      const template = this.store.templates.find(org, configured.name, configured.language);
      if (!template) return skip(`the reminder template "${configured.name}" (${configured.language}) does not exist`);
      const count = templateParameterCount(template.body);
      if (count !== 4) return skip(`the reminder template takes ${count} values; the reminder fills 4 (${REMINDER_VALUES})`);

      if (!this.store.reminders.decide({ appointmentId: appointment.id, outcome: 'sent', reason: null, messageId: null }, now)) return null;
      const use = { name: template.name, language: template.language, parameters: this.values(appointment, contact.profile.name, configured.language, inbox.zone) };
      const conversation = this.conversations.conversationOf(org, contact.id, inbox.id, now, emit);
      const message = this.conversations.queue(
        org,
        conversation.id,
        { type: 'template', touchpoint: 'whatsapp', text: this.conversations.templateText(org, use), template: use },
        `reminder:${appointment.id}`,
        now,
        emit,
        'bot',
      );
      this.store.reminders.attachMessage(appointment.id, message.id);
      return 'sent';
    });
  }

  /** Name, date, time and plate as the customer reads them, in the template's language. */
  private values(a: BackendAppointment, name: string | null, language: string, zone: string): string[] {
    const locale = language.replace('_', '-');
    const date = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
      new Date(`${a.date}T12:00:00Z`),
    );
    const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: zone }).format(a.startsAt);
    // WhatsApp refuses empty values: fall back to what else names the car, or the customer.
    return [name || '-', date, time, a.plate || a.model || a.make || '-'];
  }
}
