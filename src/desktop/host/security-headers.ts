/**
 * The renderer's Content Security Policy, one definition for the headless host's responses
 * and Electron's app:// protocol. Styles allow 'unsafe-inline' because the drag-and-drop
 * library positions cards with injected style rules; scripts are strictly self-only.
 */
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

export const CONTENT_SECURITY_POLICY = DIRECTIVES.join('; ');

/**
 * The same policy for the pages' own <meta> tag, so that a page read as a file (an audit tool, a
 * copy opened by hand) carries it too; frame-ancestors counts only as a header, and a browser
 * warns about it in a meta tag.
 */
export const CONTENT_SECURITY_POLICY_META = DIRECTIVES.filter((directive) => !directive.startsWith('frame-ancestors')).join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
