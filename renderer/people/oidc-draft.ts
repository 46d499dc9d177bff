import type { OidcSettings } from '../../src/api/v2/auth';
import type { UserRole } from '../../src/api/v2/auth';

/** The Sign-in settings form as typed: the allowed domains in one field. */
export interface OidcDraft {
  issuer: string;
  clientId: string;
  /** Empty: none (a public client); Google's desktop apps have one. */
  clientSecret: string;
  label: string;
  domains: string;
  newUserRole: UserRole;
}

/** "dealer.nl, garage.be" or one per line: the domains as a list, every one kept (the schema judges each). */
export function domainsOf(text: string): string[] {
  return text.split(/[\s,;]+/).filter((part) => part !== '');
}

export function draftOf(settings: OidcSettings | null): OidcDraft {
  return settings
    ? {
        issuer: settings.issuer,
        clientId: settings.clientId,
        clientSecret: settings.clientSecret ?? '',
        label: settings.label,
        domains: settings.allowedDomains.join(', '),
        newUserRole: settings.newUserRole,
      }
    : { issuer: '', clientId: '', clientSecret: '', label: '', domains: '', newUserRole: 'advisor' };
}

/** The draft in the contract's shape, for OidcSettingsSchema to check and the core to save. */
export function settingsOf(draft: OidcDraft) {
  const clientSecret = draft.clientSecret.trim();
  return {
    issuer: draft.issuer.trim(),
    clientId: draft.clientId.trim(),
    ...(clientSecret ? { clientSecret } : {}),
    label: draft.label.trim(),
    allowedDomains: domainsOf(draft.domains),
    newUserRole: draft.newUserRole,
  };
}
