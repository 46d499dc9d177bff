import { ReminderSettingsSchema, type ReminderSettings, type ReminderWhen } from '../../src/api/v2/reminders';
import type { WaTemplate } from '../../src/api/v2/template';
import type { MessageKey } from '../i18n/en';

/** Settings → Reminder bot as typed: the fields as strings, both kinds of "when" kept while one is chosen. */
export interface ReminderDraft {
  enabled: boolean;
  /** The chosen template as `name|language`; '' for none. */
  template: string;
  kind: ReminderWhen['kind'];
  at: string;
  hours: string;
}

/** What the other kind of "when" starts from when a manager switches to it. */
const DEFAULT_AT = '17:00';
const DEFAULT_HOURS = '24';

export function templateKey(template: { name: string; language: string }): string {
  return `${template.name}|${template.language}`;
}

export function draftOf(settings: ReminderSettings): ReminderDraft {
  return {
    enabled: settings.enabled,
    template: settings.template ? templateKey(settings.template) : '',
    kind: settings.when.kind,
    at: settings.when.kind === 'day_before' ? settings.when.at : DEFAULT_AT,
    hours: settings.when.kind === 'hours_before' ? String(settings.when.hours) : DEFAULT_HOURS,
  };
}

/** The draft as the contract's settings would have it, checked by the contract's own schema (the core and the backend check it again). */
export function settingsOf(draft: ReminderDraft) {
  const [name, language] = draft.template === '' ? [] : draft.template.split('|');
  const hours = draft.hours.trim() === '' ? Number.NaN : Number(draft.hours);
  return ReminderSettingsSchema.safeParse({
    enabled: draft.enabled,
    template: name !== undefined && language !== undefined ? { name, language } : null,
    when: draft.kind === 'day_before' ? { kind: 'day_before', at: draft.at } : { kind: 'hours_before', hours },
  });
}

export type DraftField = 'template' | 'at' | 'hours';

/** What is wrong with each field of the draft, worded by this renderer. */
export function draftProblems(draft: ReminderDraft): Partial<Record<DraftField, MessageKey>> {
  const parsed = settingsOf(draft);
  const problems: Partial<Record<DraftField, MessageKey>> = {};
  if (parsed.success) return problems;
  for (const issue of parsed.error.issues) {
    if (issue.path[0] === 'template') problems.template = 'reminders.templateRequired';
    else if (issue.path[1] === 'at') problems.at = 'reminders.atInvalid';
    else if (issue.path[1] === 'hours') problems.hours = 'reminders.hoursInvalid';
    else problems.template ??= 'reminders.templateRequired';
  }
  return problems;
}

/**
 * The templates a manager may choose: the approved ones by title, and the one chosen now even
 * when it is no longer approved (or no longer known), so that the settings show what they hold.
 */
export function templateChoices<T extends Pick<WaTemplate, 'name' | 'title' | 'language' | 'status'>>(templates: readonly T[], chosen: string): Array<T | { name: string; title: string; language: string; status: null }> {
  const approved = templates.filter((t) => t.status === 'APPROVED');
  const byTitle = (a: { title: string; name: string }, b: { title: string; name: string }) => (a.title || a.name).localeCompare(b.title || b.name);
  const choices: Array<T | { name: string; title: string; language: string; status: null }> = [...approved].sort(byTitle);
  if (chosen !== '' && !approved.some((t) => templateKey(t) === chosen)) {
    const held = templates.find((t) => templateKey(t) === chosen);
    const [name = '', language = ''] = chosen.split('|');
    choices.push(held ?? { name, title: '', language, status: null });
  }
  return choices;
}
