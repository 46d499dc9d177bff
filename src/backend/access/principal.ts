import type { Author, IntegrationSystemSchema, Role } from '../../api/v2/auth';
import type { z } from 'zod';

/**
 * The caller of a request, from its token: a person (advisor, manager), a registered device
 * (desktop, wall) or an integration, in one organisation, through one session (what a manager
 * revokes). Every rule of the backend asks this, never the token.
 */
export interface Principal {
  organizationId: string;
  sessionId: string;
  kind: 'user' | 'device' | 'integration';
  role: Role;
  /** The user's, device's or integration's id. */
  subjectId: string;
  name: string;
  /** The person, when it is one; null for a device or an integration. */
  userId: string | null;
  /** Where the caller may act: a user's inboxes (empty: all), an integration's named inboxes. */
  inboxes: string[];
  /** An integration's planning system. */
  system: z.infer<typeof IntegrationSystemSchema> | null;
}

/** Who made a change, as events and messages carry it. */
export function authorOf(principal: Principal): Author {
  return { id: principal.subjectId, name: principal.name, kind: principal.kind };
}
