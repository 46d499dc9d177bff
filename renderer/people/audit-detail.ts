import type { AuditEntry, AuditFacts } from '../../src/api/v2/audit';
import type { Formatters } from '../i18n';

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
    default:
      return detail;
  }
}
