import type { Role } from '../../api/v2/auth';

/**
 * What each role may do: the one table every route asks. A route names its action; a token
 * whose role is not listed for it is refused with 403 and the reason.
 *
 * - advisor: the board and the conversations, as a person at the reception desk.
 * - manager: everything an advisor does, and the dealership's set-up (people, devices and
 *   tokens, the organisation's webhook, templates, reminders, audit).
 * - desktop: a registered reception PC while nobody is signed in: it keeps its cache current,
 *   pulls the planning systems (imports, leases, source status) and uploads what was made on
 *   it standalone (appointments, moves, comments); it never writes to a customer.
 * - wall: a workshop screen: reads the board, without message content or contact details.
 * - integration: a planning system's pushes (ISPA Next, Keyloop), and nothing else.
 */
export const PERMISSIONS = {
  /** The organisation, its inboxes and the event log (a wall's is redacted). */
  'board.read': ['advisor', 'manager', 'desktop', 'wall'],
  /** Contacts, conversations, messages, templates, reminder decisions, colleagues' names. */
  'conversations.read': ['advisor', 'manager', 'desktop'],
  /** Appointments stored from imports and by hand. */
  'appointments.write': ['advisor', 'manager', 'desktop'],
  /** Column, colour, position and advisor of a card. */
  'board.write': ['advisor', 'manager', 'desktop'],
  /** Conversations opened, messages sent to customers, read marks. */
  'conversations.write': ['advisor', 'manager'],
  /** Internal comments (the back channel): also a desktop's upload of comments made standalone. */
  'comments.write': ['advisor', 'manager', 'desktop'],
  /** Leases and the sources' shared status: the desktop that pulls a planning system. */
  'sources.run': ['advisor', 'manager', 'desktop'],
  /** Who the caller is (GET /v2/auth/me): any valid token. */
  'auth.read': ['advisor', 'manager', 'desktop', 'wall', 'integration'],
  /**
   * How people sign in (GET /v2/auth/oidc): the desktops where they do. The answer carries the
   * provider's client secret of an installed app, so a wall (nobody signs in there) and an
   * integration (a planning system's push) do not read it.
   */
  'auth.oidc.read': ['advisor', 'manager', 'desktop'],
  /** A person's own view settings and sign-out. */
  'self': ['advisor', 'manager'],
  /** ISPA Next and Keyloop pushes, for the integration's own inboxes. */
  'integration.push': ['integration'],
  /** People, devices, tokens, audit, webhook, templates, reminder settings, sign-in settings. */
  'organization.manage': ['manager'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

/** Whether a role may do an action. */
export function allows(role: Role, action: Action): boolean {
  return (PERMISSIONS[action] as readonly Role[]).includes(role);
}

/** The reason a refused caller reads (403). */
export function refusalReason(role: Role, action: Action): string {
  const allowed = PERMISSIONS[action].join(', ');
  return `A token with the role ${role} may not do this (${action}); it takes the role ${allowed}.`;
}
