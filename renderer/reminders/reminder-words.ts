import type { ReminderRun, ReminderSkipReason, ReminderState } from '../../src/api/v2/reminders';
import type { WaTemplate } from '../../src/api/v2/template';
import { addDays } from '../../src/domain/calendar-date';
import { localDateAt } from '../../src/domain/zoned-time';
import { ApiCallError } from '../api/api-call-error';
import type { Formatters } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { peopleErrorText, type PeopleWords } from '../people/people-errors';

/** Why an appointment gets no reminder, as a phrase that reads after "skipped —" and "Not sent:". */
export const SKIP_REASON_KEYS: Record<ReminderSkipReason, MessageKey> = {
  cancelled: 'reminders.skip.cancelled',
  finished: 'reminders.skip.finished',
  opted_out: 'reminders.skip.opted_out',
  no_phone: 'reminders.skip.no_phone',
  no_mobile: 'reminders.skip.no_mobile',
  no_template: 'reminders.skip.no_template',
  template_unknown: 'reminders.skip.template_unknown',
  template_not_approved: 'reminders.skip.template_not_approved',
  template_values: 'reminders.skip.template_values',
  no_channel: 'reminders.skip.no_channel',
  closed: 'reminders.skip.closed',
  late: 'reminders.skip.late',
};

/** Customers' names a skipped group shows before its "and N more". */
export const NAMES_SHOWN = 3;

type Words = Pick<Formatters, 't' | 'tp' | 'time' | 'shortDate' | 'number'>;

function isSkipReason(value: unknown): value is ReminderSkipReason {
  return typeof value === 'string' && Object.hasOwn(SKIP_REASON_KEYS, value);
}

export function skipReasonText(words: Pick<Formatters, 't'>, reason: ReminderSkipReason): string {
  return words.t(SKIP_REASON_KEYS[reason]);
}

/** The first letter in capitals: a phrase that starts a sentence ("tomorrow 17:00" → "Tomorrow 17:00"). */
export function capitalised(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

/**
 * An instant as the dealership says it from where it is now: "today 17:00", "tomorrow 17:00",
 * "yesterday 17:00", or its date beyond those ("Sat 28 Nov 17:00"), on the wall clock of `zone`.
 */
export function whenText(words: Words, instant: number, now: number, zone: string): string {
  const today = localDateAt(now, zone);
  const day = localDateAt(instant, zone);
  const time = words.time(instant);
  if (day === today) return words.t('reminders.when.today', { time });
  if (day === addDays(today, 1)) return words.t('reminders.when.tomorrow', { time });
  if (day === addDays(today, -1)) return words.t('reminders.when.yesterday', { time });
  return words.t('reminders.when.date', { date: words.shortDate(day), time });
}

/** A list of names, the first `limit` of them unless `expanded`, and how many more there are (never dropped unsaid). */
export function shownNames(names: readonly string[], expanded: boolean, limit = NAMES_SHOWN): { shown: string[]; more: number } {
  if (expanded || names.length <= limit) return { shown: [...names], more: 0 };
  return { shown: names.slice(0, limit), more: names.length - limit };
}

export interface RunWords {
  /** "Tomorrow 17:00: 23 reminders; 2 skipped" — the part before the skipped groups' reasons. */
  head: string;
  /** Each reason the run skips for, worded, with every customer's name (or "no name"). */
  groups: Array<{ reason: ReminderSkipReason; phrase: string; names: string[] }>;
}

/** One run of the preview in words: when, how many go out, how many went already, and who is skipped and why. */
export function runWords(words: Words, run: ReminderRun, now: number, zone: string): RunWords {
  const skipped = run.skipped.reduce((n, group) => n + group.customers.length, 0);
  const parts = [words.tp('reminders.preview.toSend', run.toSend)];
  if (run.sent > 0) parts.push(words.tp('reminders.preview.sent', run.sent));
  if (skipped > 0) parts.push(words.tp('reminders.preview.skipped', skipped));
  return {
    head: `${capitalised(whenText(words, run.dueAt, now, zone))}: ${parts.join('; ')}`,
    groups: run.skipped.map((group) => ({
      reason: group.reason,
      phrase: skipReasonText(words, group.reason),
      names: group.customers.map((c) => c.name ?? words.t('reminders.noName')),
    })),
  };
}

/** The runs still to come: those of today's preview not yet past. */
export function upcomingRuns(runs: readonly ReminderRun[], now: number): ReminderRun[] {
  return runs.filter((run) => run.dueAt >= now);
}

/** An appointment's reminder, as the conversation's line says it. */
export function reminderLine(words: Words, state: ReminderState, now: number, zone: string): string {
  switch (state.state) {
    case 'scheduled':
      return state.skip
        ? words.t('reminderLine.willSkip', { when: whenText(words, state.dueAt, now, zone), reason: skipReasonText(words, state.skip.reason) })
        : words.t('reminderLine.scheduled', { when: whenText(words, state.dueAt, now, zone) });
    case 'sent': {
      const by = state.by === null ? words.t('reminderLine.byBot') : words.t('reminderLine.byPerson', { name: state.by });
      const when = whenText(words, state.at, now, zone);
      return state.status === null
        ? words.t('reminderLine.sent', { when, by })
        : words.t('reminderLine.sentStatus', { when, by, status: words.t(`status.${state.status}`) });
    }
    case 'skipped':
      return words.t('reminderLine.skipped', { reason: skipReasonText(words, state.reason) });
    case 'off':
      return words.t('reminderLine.off');
    case 'passed':
      return words.t('reminderLine.passed');
  }
}

/** Reasons no press of "Send reminder now" can change: the backend would refuse it for the same. */
const FINAL_SKIPS: ReadonlySet<ReminderSkipReason> = new Set(['cancelled', 'finished', 'opted_out']);

/**
 * Whether an advisor is offered "Send reminder now": not once it is sent or the appointment has
 * begun, nor for a cancelled or finished appointment or a customer who opted out, nor while the
 * reminder not yet due names a reason it cannot go now (a landline). A skip decided earlier may
 * go now (a phone number or template put right since); the backend checks again and says why not.
 */
export function canSendNow(state: ReminderState, appointment: { cancelled: boolean; column: string }): boolean {
  if (state.state === 'sent' || state.state === 'passed') return false;
  if (appointment.cancelled || appointment.column === 'finished') return false;
  // Not yet due, the skip is checked now: what it names holds now, and a press would be refused for it.
  // Only lateness is the bot's own rule; an advisor may still send a late reminder.
  if (state.state === 'scheduled') return state.skip === null || state.skip.reason === 'late';
  return !(state.state === 'skipped' && FINAL_SKIPS.has(state.reason));
}

/** The reminder bot's refusals in the user's words, the reason a reminder cannot go with them; others as people's refusals are worded. */
export function reminderErrorText(error: unknown, words: Words & PeopleWords, now: number, zone: string): string {
  if (error instanceof ApiCallError) {
    const { code, params } = error.error;
    const reason = params?.reason;
    if (code === 'REMINDER_NOT_SENT' && isSkipReason(reason)) return words.t('reminders.refusal.notSent', { reason: skipReasonText(words, reason) });
    if (code === 'REMINDER_TEMPLATE' && isSkipReason(reason)) return words.t('reminders.refusal.template', { reason: skipReasonText(words, reason) });
    if (code === 'REMINDER_ALREADY_SENT' && typeof params?.at === 'number') {
      return words.t('reminders.refusal.alreadySent', { when: whenText(words, params.at, now, zone) });
    }
    const key = REFUSALS[code];
    if (key) return words.t(key);
  }
  return peopleErrorText(error, words);
}

const REFUSALS: Partial<Record<string, MessageKey>> = {
  REMINDER_PASSED: 'reminders.refusal.passed',
  REMINDER_ALREADY_SENT: 'reminders.refusal.alreadySentNoTime',
  NOT_CONNECTED: 'reminders.refusal.notConnected',
  NOT_FOUND: 'reminders.refusal.notFound',
};

/** A template as the reminder settings offer it: its readable title, else its name, and its language; one not approved (or gone) says so. */
export function templateLabel(
  words: Pick<Formatters, 't'>,
  template: Pick<WaTemplate, 'name' | 'title' | 'language'> & { status: WaTemplate['status'] | null },
): string {
  const label = `${template.title.trim() || template.name} (${template.language})`;
  if (template.status === null) return words.t('reminders.templateMissing', { label });
  return template.status === 'APPROVED' ? label : words.t('reminders.templateNotApproved', { label, status: words.t(`reminders.templateStatus.${template.status}`) });
}
