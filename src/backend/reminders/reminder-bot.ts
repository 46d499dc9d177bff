import { ApiFailure } from '../../api/envelope';
import type { BackendAppointment } from '../../api/v2/appointment';
import type { Contact } from '../../api/v2/contact';
import type { ClosedDate, OpeningHours } from '../../api/v2/organization';
import { REMINDER_LATE_MS, type ReminderPreview, type ReminderRun, type ReminderSettings, type ReminderSkipReason, type ReminderState, type ReminderTemplateRef } from '../../api/v2/reminders';
import type { WaTemplate } from '../../api/v2/template';
import { addDays, type IsoDate } from '../../domain/calendar-date';
import { isMobileNumber } from '../../domain/phone';
import { CLOSED_STRETCH_DAYS, reminderDue, reminderSources, type DueInstant, type InboxCalendar } from '../../domain/reminder-schedule';
import { sendableValue } from '../../domain/template-values';
import { templateParameterCount } from '../../domain/template-text';
import { takesHeaderValue, urlValueButtons } from '../../domain/template-values';
import { localDateAt, zonedToUtc } from '../../domain/zoned-time';
import type { Clock } from '../../ports/clock';
import type { Principal } from '../access/principal';
import type { ConversationService } from '../conversations/conversation-service';
import type { BackendStore, Emit } from '../store/backend-store';
import type { InboxRow } from '../store/organizations-repo';
import type { StoredDecision } from '../store/reminders-repo';

const DAY_MS = 86_400_000;
/**
 * How far ahead of now an appointment can be whose reminder is already due: a week of
 * hours_before, and the closed stretch the schedule looks back over, and a day for DST.
 */
const LOOKAHEAD_MS = (7 + CLOSED_STRETCH_DAYS + 1) * DAY_MS;

type Skip = { ok: false; reason: ReminderSkipReason; detail: string };
type Ready = { ok: true; contact: Contact; template: WaTemplate; values: string[] };

/** The calendar the schedule reads, from the inbox's settings. */
export function calendarOf(inbox: InboxRow): InboxCalendar {
  return {
    zone: inbox.zone,
    openingHours: JSON.parse(inbox.opening_hours) as OpeningHours | null,
    closedDates: (JSON.parse(inbox.closed_dates) as ClosedDate[]).map((c) => c.date),
  };
}

/**
 * The reminder bot of each inbox: on or off, its template, and when (src/domain/reminder-schedule).
 * A run may happen at any moment, twice at once or in two processes on one store: each
 * appointment whose reminder is due (and which has not begun) gets exactly one decision, sent
 * or skipped with its reason, stored in the same transaction as the message it queues. The
 * same checks answer an advisor's "send now", the preview and the conversation's reminder line.
 */
export class ReminderBot {
  constructor(
    private readonly store: BackendStore,
    private readonly conversations: ConversationService,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<{ sent: number; skipped: number }> {
    const tally = { sent: 0, skipped: 0 };
    const now = this.clock.now();
    for (const inbox of await this.store.organizations.allInboxes()) {
      const settings = await this.store.reminders.settings(inbox.id);
      if (!settings.enabled) continue;
      const calendar = calendarOf(inbox);
      for (const id of await this.store.reminders.undecided(inbox.id, now, now + LOOKAHEAD_MS)) {
        const appointment = await this.store.appointments.get(inbox.organization_id, id);
        if (!appointment) continue;
        const due = reminderDue(appointment.startsAt, calendar, settings.when);
        if (due.ok && due.dueAt > now) continue;
        const outcome = await this.decide(inbox, settings, appointment, due, now);
        if (outcome) tally[outcome]++;
      }
    }
    if (tally.sent > 0) this.conversations.queued();
    return tally;
  }

  private decide(inbox: InboxRow, settings: ReminderSettings, appointment: BackendAppointment, due: DueInstant, now: number): Promise<'sent' | 'skipped' | null> {
    return this.store.write(inbox.organization_id, now, async (emit) => {
      const check: Skip | Ready = !due.ok
        ? { ok: false, reason: 'closed', detail: `the workshop is closed on each of the ${CLOSED_STRETCH_DAYS} days before the appointment` }
        : (lateSkip(due.dueAt, now) ?? (await this.check(inbox, settings.template, appointment)));
      if (!check.ok) {
        const decided = await this.store.reminders.decide({ appointmentId: appointment.id, outcome: 'skipped', reasonCode: check.reason, reason: check.detail }, now);
        return decided ? 'skipped' : null;
      }
      if (!(await this.store.reminders.decide({ appointmentId: appointment.id, outcome: 'sent', messageId: null, sentBy: null }, now))) return null;
      await this.queue(inbox, appointment, check, now, emit, 'bot');
      return 'sent';
    });
  }

  /** Within a write: the reminder queued in the appointment's conversation, and tied to its decision. */
  private async queue(inbox: InboxRow, appointment: BackendAppointment, ready: Ready, now: number, emit: Emit, role: 'agent' | 'bot', by: Principal | null = null): Promise<void> {
    const org = inbox.organization_id;
    const use = { name: ready.template.name, language: ready.template.language, parameters: ready.values };
    const conversation = await this.conversations.conversationOf(org, ready.contact.id, inbox.id, now, emit);
    const message = await this.conversations.queue(
      org,
      conversation.id,
      {
        type: 'template',
        touchpoint: 'whatsapp',
        text: await this.conversations.templateText(org, use),
        template: use,
        ...(by ? { author: { id: by.subjectId, name: by.name, kind: by.kind } } : {}),
      },
      `reminder:${appointment.id}:${appointment.date}`,
      now,
      emit,
      role,
    );
    await this.store.reminders.attachMessage(appointment.id, message.id);
  }

  /** Whether this appointment's reminder can go out now with this template, and if so with which values. */
  private async check(inbox: InboxRow, ref: ReminderTemplateRef | null, appointment: BackendAppointment): Promise<Skip | Ready> {
    const org = inbox.organization_id;
    const skip = (reason: ReminderSkipReason, detail: string): Skip => ({ ok: false, reason, detail });
    if (appointment.cancelled) return skip('cancelled', 'the appointment was cancelled');
    if (appointment.column === 'finished') return skip('finished', 'the appointment is already finished');
    const contact = appointment.contact ? await this.store.contacts.get(org, appointment.contact) : undefined;
    const phone = contact?.profile.telephone;
    if (!contact || !phone) return skip('no_phone', 'the customer has no phone number');
    if (contact.optedOut) return skip('opted_out', `the customer opted out of reminders (${contact.optedOut.by})`);
    if (!isMobileNumber(phone)) return skip('no_mobile', `the customer's number ${phone} is not a mobile number`);
    const template = await this.template(org, ref);
    if (!template.ok) return template;
    const conversation = await this.store.conversations.ofContact(contact.id);
    const channel = conversation ? await this.conversations.channelFor(org, conversation.id, 'whatsapp') : inbox.whatsapp_channel_id;
    if (!channel) return skip('no_channel', `inbox "${inbox.name}" has no WhatsApp number (a manager assigns one in Settings → Channels)`);
    return { ok: true, contact, template: template.template, values: await this.values(org, appointment, contact, template.template, template.sources, inbox.zone) };
  }

  /** The reminder's template as set, when it can be sent: it exists, is approved and the bot can fill every value. */
  async template(organizationId: string, ref: ReminderTemplateRef | null): Promise<Skip | { ok: true; template: WaTemplate; sources: readonly string[] }> {
    if (!ref) return { ok: false, reason: 'no_template', detail: 'no reminder template is set for this inbox' };
    const template = await this.store.templates.find(organizationId, ref.name, ref.language);
    if (!template) return { ok: false, reason: 'template_unknown', detail: `the reminder template "${ref.name}" (${ref.language}) does not exist` };
    if (template.status !== 'APPROVED') {
      return { ok: false, reason: 'template_not_approved', detail: `the reminder template "${ref.name}" (${ref.language}) is ${template.status.toLowerCase()}, not approved` };
    }
    if (template.missingSince !== null) {
      return { ok: false, reason: 'template_unknown', detail: `the reminder template "${ref.name}" (${ref.language}) is no longer in the WhatsApp account` };
    }
    const sources = reminderSources(templateParameterCount(template.body), template.parameterHints);
    if (!sources.ok) return { ok: false, reason: 'template_values', detail: `the reminder template "${ref.name}" (${ref.language}): ${sources.detail}` };
    // The header's and the links' values have no fact of the appointment to come from.
    if (takesHeaderValue(template) || urlValueButtons(template).length) {
      return { ok: false, reason: 'template_values', detail: `the reminder template "${ref.name}" (${ref.language}) takes a value in its header or a link, which the bot cannot fill` };
    }
    return { ok: true, template, sources: sources.sources };
  }

  /** Each value as the customer reads it, in the template's language. */
  private async values(org: string, a: BackendAppointment, contact: Contact, template: WaTemplate, sources: readonly string[], zone: string): Promise<string[]> {
    const locale = template.language.replace('_', '-');
    const facts: Record<string, string | null> = {
      customerName: contact.profile.name,
      date: new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${a.date}T12:00:00Z`)),
      time: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: zone }).format(a.startsAt),
      // What else names the car when it has no plate yet.
      plate: a.plate || a.model || a.make,
      workOrder: a.workOrder,
      make: a.make,
      model: a.model,
      advisor: (a.advisor && (await this.store.reminders.userName(a.advisor))) || a.owner,
      organisation: (await this.store.organizations.get(org))?.name ?? null,
    };
    // WhatsApp refuses an empty value; a dash reads as "not known" rather than a broken sentence.
    // Planning data may hold line breaks (a work description): sent on one line, as WhatsApp takes a value.
    return sources.map((s) => sendableValue(facts[s] ?? '') || '-');
  }

  /** Where an appointment's reminder stands (the conversation's line). */
  async state(organizationId: string, appointmentId: string): Promise<ReminderState> {
    const appointment = await this.appointment(organizationId, appointmentId);
    const decision = await this.store.reminders.of(appointment.id);
    if (decision) return this.stateOf(decision);
    const now = this.clock.now();
    if (appointment.startsAt <= now) return { state: 'passed' };
    const inbox = (await this.store.organizations.inbox(organizationId, appointment.inbox))!;
    const settings = await this.store.reminders.settings(inbox.id);
    if (!settings.enabled) return { state: 'off' };
    const due = reminderDue(appointment.startsAt, calendarOf(inbox), settings.when);
    if (!due.ok) return { state: 'skipped', at: now, reason: 'closed', detail: 'the workshop is closed on every day before the appointment' };
    // Due already: the next run (within a minute) decides; until then it is as good as due now.
    // What that run would decide is said now, so that the line and the preview agree.
    const check = lateSkip(due.dueAt, now) ?? (await this.check(inbox, settings.template, appointment));
    return { state: 'scheduled', dueAt: due.dueAt, skip: check.ok ? null : { reason: check.reason, detail: check.detail } };
  }

  /**
   * An advisor sends the reminder now, with the inbox's template (also while its bot is off).
   * Refused in words when it cannot go out; sent once: a second press is refused as sent.
   */
  async sendNow(principal: Principal, appointmentId: string): Promise<ReminderState> {
    const org = principal.organizationId;
    const appointment = await this.appointment(org, appointmentId);
    const now = this.clock.now();
    if (appointment.startsAt <= now) throw new ApiFailure('REMINDER_PASSED', 'The appointment has begun: its reminder is no longer sent.');
    const inbox = (await this.store.organizations.inbox(org, appointment.inbox))!;
    const settings = await this.store.reminders.settings(inbox.id);
    const sent = await this.store.write(org, now, async (emit) => {
      const earlier = await this.store.reminders.of(appointment.id);
      if (earlier?.outcome === 'sent') {
        throw new ApiFailure('REMINDER_ALREADY_SENT', `The reminder was already sent (${new Date(earlier.decidedAt).toISOString()}).`, { at: earlier.decidedAt });
      }
      const check = await this.check(inbox, settings.template, appointment);
      if (!check.ok) throw new ApiFailure('REMINDER_NOT_SENT', `The reminder cannot be sent: ${check.detail}.`, { reason: check.reason });
      if (!(await this.store.reminders.claimSendNow(appointment.id, principal.userId, now))) return false;
      await this.queue(inbox, appointment, check, now, emit, 'agent', principal);
      return true;
    });
    if (sent) this.conversations.queued();
    return this.state(org, appointment.id);
  }

  /**
   * What the bot does on a local date in the inbox: every appointment whose reminder falls on
   * it, grouped by the moment it goes out, with those it skips by reason and every name.
   */
  async preview(organizationId: string, inboxId: string, date: IsoDate | undefined): Promise<ReminderPreview> {
    const inbox = await this.store.organizations.inbox(organizationId, inboxId);
    if (!inbox) throw new ApiFailure('NOT_FOUND', 'That inbox does not exist in your organisation.');
    const settings = await this.store.reminders.settings(inbox.id);
    const now = this.clock.now();
    const day = date ?? localDateAt(now, inbox.zone);
    const calendar = calendarOf(inbox);
    const dayStart = zonedToUtc(day, '00:00', inbox.zone);
    const nextDay = zonedToUtc(addDays(day, 1), '00:00', inbox.zone);
    const template = await this.template(organizationId, settings.template);
    const runs = new Map<number, ReminderRun>();
    const runAt = (dueAt: number) => {
      let run = runs.get(dueAt);
      if (!run) runs.set(dueAt, (run = { dueAt, toSend: 0, sent: 0, skipped: [] }));
      return run;
    };
    const skipped = async (run: ReminderRun, reason: ReminderSkipReason, appointment: BackendAppointment) => {
      let group = run.skipped.find((g) => g.reason === reason);
      if (!group) run.skipped.push((group = { reason, customers: [] }));
      const contact = appointment.contact ? await this.store.contacts.get(organizationId, appointment.contact) : undefined;
      group.customers.push({ appointmentId: appointment.id, name: contact?.profile.name ?? null });
    };
    for (const { id, decision } of await this.store.reminders.between(inbox.id, dayStart, nextDay + LOOKAHEAD_MS)) {
      const appointment = (await this.store.appointments.get(organizationId, id))!;
      const due = reminderDue(appointment.startsAt, calendar, settings.when);
      if (!due.ok || due.dueAt < dayStart || due.dueAt >= nextDay) continue;
      const run = runAt(due.dueAt);
      if (decision?.outcome === 'sent') run.sent++;
      else if (decision) await skipped(run, decision.reasonCode!, appointment);
      // Begun without a decision: the bot no longer sends it.
      else if (appointment.startsAt <= now) continue;
      else {
        const check = lateSkip(due.dueAt, now) ?? (template.ok ? await this.check(inbox, settings.template, appointment) : template);
        if (check.ok) run.toSend++;
        else await skipped(run, check.reason, appointment);
      }
    }
    return { inbox: inbox.id, date: day, enabled: settings.enabled, runs: [...runs.values()].sort((a, b) => a.dueAt - b.dueAt) };
  }

  private async stateOf(d: StoredDecision): Promise<ReminderState> {
    if (d.outcome === 'sent') {
      return { state: 'sent', at: d.decidedAt, messageId: d.messageId, status: d.messageStatus, by: d.sentBy && (await this.store.reminders.userName(d.sentBy)) };
    }
    // Every skip carries its code: the bot writes one, and migration 0018 gave the older ones theirs.
    return { state: 'skipped', at: d.decidedAt, reason: d.reasonCode!, detail: d.reason ?? '' };
  }

  private async appointment(organizationId: string, id: string): Promise<BackendAppointment> {
    const appointment = await this.store.appointments.get(organizationId, id);
    if (!appointment) throw new ApiFailure('NOT_FOUND', 'That appointment does not exist in your organisation.');
    return appointment;
  }
}

/**
 * A reminder due long ago is not sent on its own: a day-before reminder for an appointment made
 * this morning would arrive as a surprise, not a reminder. An advisor can still send it now.
 */
function lateSkip(dueAt: number, now: number): Skip | null {
  if (now - dueAt <= REMINDER_LATE_MS) return null;
  return { ok: false, reason: 'late', detail: `it was due at ${new Date(dueAt).toISOString()}, more than ${REMINDER_LATE_MS / 3_600_000} hours ago` };
}
