/**
 * Which addresses the app hands to the system browser (shell.openExternal). The browser runs
 * outside the sandbox with the user's own sessions, and the OS opens whatever handler a scheme
 * names (file:, smb:, ms-msdt:, custom app schemes), so only https to a short list of hosts
 * passes: the organisation's own (its backend, its OpenID provider) and WhatsApp's.
 */

/** WhatsApp's hosts a message or a template may link to (click-to-chat, business pages, help). */
export const WHATSAPP_HOSTS = ['wa.me', 'whatsapp.com', 'www.whatsapp.com', 'business.whatsapp.com', 'faq.whatsapp.com'] as const;

/** What the desktop knows of its organisation: the backend it is joined to and the sign-in provider it offers. */
export interface OrganisationAddresses {
  /** The backend's address from the connection settings; null: standalone. */
  backendUrl: string | null;
  /** The OpenID provider's issuer from the sign-in settings; null: none set. */
  oidcIssuer: string | null;
}

/** A host that may be opened, and the one port it may be opened on ('' is https's default, 443). */
export interface AllowedOrigin {
  host: string;
  port: string;
}

export type LinkRefusal = 'not-an-address' | 'not-https' | 'credentials' | 'ip-address' | 'host-not-allowed' | 'port-not-allowed';

export type LinkDecision = { open: true; url: string } | { open: false; reason: LinkRefusal };

/** An IPv4 literal as the WHATWG parser leaves it (it rewrites 0x7f.1, 2130706433 and the like to dotted decimal). */
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function isIpLiteral(hostname: string): boolean {
  return hostname.startsWith('[') || IPV4.test(hostname);
}

function parse(address: string): URL | null {
  try {
    return new URL(address);
  } catch {
    return null;
  }
}

/**
 * The origin an organisation's address stands for. Its host exactly: a subdomain or a parent
 * domain is another party (a parent such as co.uk or azurewebsites.net is shared with anyone,
 * and telling a registrable domain from a public suffix needs the Public Suffix List). An
 * address that is not one, or is an IP literal, allows nothing.
 */
function originOf(address: string | null): AllowedOrigin | null {
  const url = address === null ? null : parse(address);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname === '' || isIpLiteral(url.hostname)) return null;
  // A backend on plain http (the local network) still has its links opened over https only, on https's port.
  return { host: url.hostname, port: url.protocol === 'https:' ? url.port : '' };
}

/** The allow-list for this desktop: WhatsApp's hosts on https's port, and the organisation's own origins. */
export function allowedOrigins(organisation: OrganisationAddresses): AllowedOrigin[] {
  const own = [originOf(organisation.backendUrl), originOf(organisation.oidcIssuer)].filter((o): o is AllowedOrigin => o !== null);
  return [...WHATSAPP_HOSTS.map((host) => ({ host, port: '' })), ...own];
}

/**
 * The allow-list for the sign-in page alone: the provider's authorization endpoint (from its
 * discovery document) may be on another host than the issuer (a tenant's login host, a regional
 * one), and that origin passes for the sign-in only, never for a page's links. An endpoint that
 * is not https, holds a user or password, or is an IP literal adds nothing.
 */
export function signInOrigins(allowed: readonly AllowedOrigin[], authorizationEndpoint: string): AllowedOrigin[] {
  const url = parse(authorizationEndpoint);
  if (!url || url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.hostname === '' || isIpLiteral(url.hostname)) return [...allowed];
  return [...allowed, { host: url.hostname, port: url.port }];
}

/**
 * May this address open in the system browser? Read with the WHATWG URL parser (as Chromium
 * reads it), so that the host compared is the one the browser will connect to: lower case,
 * punycode for non-ASCII names (a look-alike "wа.me" with a Cyrillic а is xn--… and matches
 * nothing), the host and not the path ("https://evil.com/wa.me"), the whole host and not a
 * prefix ("https://wa.me.evil.com"). A trailing dot names the same host to DNS yet another to
 * the allow-list and to certificates: refused. On success the parser's own serialisation is
 * what is opened, never the text as it came.
 */
export function externalLinkDecision(address: string, allowed: readonly AllowedOrigin[]): LinkDecision {
  const url = parse(address);
  if (!url) return { open: false, reason: 'not-an-address' };
  if (url.protocol !== 'https:') return { open: false, reason: 'not-https' };
  // "https://wa.me@evil.com" reads as wa.me to a person and goes to evil.com; a password in a link is a leak either way.
  if (url.username !== '' || url.password !== '') return { open: false, reason: 'credentials' };
  if (isIpLiteral(url.hostname)) return { open: false, reason: 'ip-address' };
  const matches = allowed.filter((origin) => origin.host === url.hostname);
  if (matches.length === 0) return { open: false, reason: 'host-not-allowed' };
  if (!matches.some((origin) => origin.port === url.port)) return { open: false, reason: 'port-not-allowed' };
  return { open: true, url: url.href };
}

/** What the person who clicked a refused link is told, in their language; the address is shown so that they can judge it. */
export function refusedLinkWords(locale: 'en' | 'nl', address: string, reason: LinkRefusal): { message: string; detail: string } {
  const why = REFUSAL_WORDS[locale][reason];
  return locale === 'nl'
    ? { message: 'Deze link is niet geopend', detail: `${address}\n\n${why} Alleen https-links naar uw eigen organisatie en naar WhatsApp worden vanuit het bord in de browser geopend.` }
    : { message: 'This link was not opened', detail: `${address}\n\n${why} Only https links to your own organisation and to WhatsApp open in the browser from the board.` };
}

const REFUSAL_WORDS: Record<'en' | 'nl', Record<LinkRefusal, string>> = {
  en: {
    'not-an-address': 'It is not a web address.',
    'not-https': 'It is not an https address.',
    credentials: 'It carries a user name or password.',
    'ip-address': 'It names a computer by its IP address instead of its name.',
    'host-not-allowed': 'Its website is not on the list of sites the board opens.',
    'port-not-allowed': 'It names another port than the site’s own.',
  },
  nl: {
    'not-an-address': 'Het is geen webadres.',
    'not-https': 'Het is geen https-adres.',
    credentials: 'Er staat een gebruikersnaam of wachtwoord in.',
    'ip-address': 'Het noemt een computer bij zijn IP-adres in plaats van zijn naam.',
    'host-not-allowed': 'De website staat niet op de lijst van sites die het bord opent.',
    'port-not-allowed': 'Het noemt een andere poort dan die van de site zelf.',
  },
};

/** The system's preferred languages (app.getPreferredSystemLanguages()) decide between the two the app speaks. */
export function localeOf(preferred: readonly string[]): 'en' | 'nl' {
  for (const tag of preferred) {
    const language = tag.toLowerCase().split(/[-_]/)[0];
    if (language === 'nl') return 'nl';
    if (language === 'en') return 'en';
  }
  return 'en';
}
