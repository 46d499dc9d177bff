import type { AuditEntry, AuditFacts } from '../../src/api/v2/audit';
import type { Formatters } from '../i18n';
import type { MessageKey } from '../i18n/en';

/** What a manager changed of a channel or an inbox (the audit line's `fields`), in the reader's words. */
const SETUP_FIELDS: Partial<Record<string, MessageKey>> = {
  label: 'setup.channels.label',
  businessAccountId: 'setup.channels.businessAccountId',
  accessToken: 'setup.channels.accessToken',
  appSecret: 'setup.channels.appSecret',
  verifyToken: 'setup.channels.verifyToken',
  accountSid: 'setup.channels.accountSid',
  authToken: 'setup.channels.authToken',
  name: 'setup.inboxes.name',
  kind: 'setup.inboxes.kind',
  zone: 'setup.inboxes.zone',
  country: 'setup.inboxes.country',
  openingHours: 'setup.inboxes.hours',
  closedDates: 'setup.inboxes.closedDates',
  templateLanguage: 'setup.inboxes.templateLanguage',
  whatsappChannel: 'setup.inboxes.whatsapp',
  smsChannel: 'setup.inboxes.sms',
};

/**
 * The "About" of an audit line in the reader's language: its subject (data: an e-mail, a name,
 * an address) with its facts worded, e.g. "sanne@garage.nl (wachtwoord)". A line written before
 * facts were kept shows its detail as it was written (in English).
 */
export function auditDetail(entry: Pick<AuditEntry, 'action' | 'detail' | 'facts'>, f: Pick<Formatters, 't' | 'tp'>, inboxName: (id: string) => string): string {
  const { t, tp } = f;
  const { detail, facts } = entry;
  if (facts === null) return detail;
  const inboxes = (ids: string[]) => (ids.length === 0 ? t('audit.allInboxes') : ids.map(inboxName).join(', '));
  const how = (facts: AuditFacts) =>
    facts.how === 'provider' ? (facts.label ?? '') : facts.how === undefined ? '' : t(`audit.how.${facts.how}`);
  const withNote = (subject: string, note: string) => (note === '' ? subject : subject === '' ? note : `${subject} (${note})`);
  switch (entry.action) {
    case 'signin':
      return withNote(detail, how(facts));
    case 'signin.failed':
      return withNote(detail, [how(facts), facts.reason && t(`audit.reason.${facts.reason}`)].filter(Boolean).join(': '));
    case 'user.created':
      return withNote(
        detail,
        [facts.role && t(`role.${facts.role}`), facts.how === 'provider' && t('audit.firstSignIn', { provider: facts.label ?? '' })].filter(Boolean).join(', '),
      );
    case 'user.updated': {
      const changed = facts.changed ?? {};
      const parts = [
        changed.name !== undefined && t('audit.changed.name', { value: changed.name }),
        changed.email !== undefined && t('audit.changed.email', { value: changed.email }),
        changed.role !== undefined && t('audit.changed.role', { value: t(`role.${changed.role}`) }),
        changed.inboxes !== undefined && t('audit.changed.inboxes', { value: inboxes(changed.inboxes) }),
      ].filter((p): p is string => typeof p === 'string');
      return parts.length === 0 ? detail : `${detail}: ${parts.join('; ')}`;
    }
    case 'device.registered':
    case 'session.revoked':
      return withNote(detail, facts.role ? t(`role.${facts.role}`) : '');
    case 'integration.created':
      return withNote(detail, [facts.system && t(`devices.system.${facts.system}`), facts.inboxes && inboxes(facts.inboxes)].filter(Boolean).join(': '));
    case 'token.created':
      return withNote(`${detail}: ${facts.label ?? ''}`, facts.days === undefined ? '' : tp('audit.days', facts.days));
    case 'oidc.changed':
      return facts.how === 'password' ? t('audit.passwordsOnly') : `${facts.label ?? ''}: ${detail}`;
    case 'reminders.changed':
      return withNote(detail, facts.language ?? '');
    case 'channel.created':
    case 'channel.updated':
    case 'channel.removed':
    case 'channel.tested': {
      const changed = (facts.fields ?? []).map((field) => (SETUP_FIELDS[field] ? t(SETUP_FIELDS[field]) : field));
      const parts = [facts.channel && t(`setup.kind.${facts.channel}`), facts.label, facts.ok !== undefined && t(facts.ok ? 'audit.channelOk' : 'audit.channelFailed'), changed.join(', ')];
      return withNote(detail, parts.filter(Boolean).join(', '));
    }
    case 'template.created':
    case 'template.updated':
    case 'template.removed':
      return withNote(`${facts.label ?? detail} (${detail}, ${facts.language ?? ''})`, (facts.fields ?? []).join(', '));
    case 'templates.synced':
      return facts.counts ? t('audit.syncCounts', facts.counts) : detail;
    case 'inbox.updated':
      return withNote(detail, (facts.fields ?? []).map((field) => (SETUP_FIELDS[field] ? t(SETUP_FIELDS[field]) : field)).join(', '));
    default:
      return detail;
  }
}
