import { z } from 'zod';
import type { StartChoice } from '../api/first-run';

/** The choice a real install remembers in its cache; joining a backend is remembered by the join itself. */
export const REMEMBERED_START_KEY = 'startChoice';
export const RememberedStartSchema = z.enum(['standalone', 'demo']);
export type RememberedStart = z.infer<typeof RememberedStartSchema>;

/** What is known of a cache when it opens. */
export interface CacheFacts {
  /** It is the demo's own file, filled with the made-up dealership. */
  demo: boolean;
  /** It works with a backend (the environment's, one joined in Settings), or was joined to one before. */
  joined: boolean;
  remembered: RememberedStart | null;
  /** It holds appointments of its own: an install set up before the first-run screen existed. */
  hasWork: boolean;
}

/** What the board shows for a cache: its setup, or null for the first-run screen. */
export function startChoiceOf(facts: CacheFacts): StartChoice | null {
  if (facts.demo) return 'demo';
  if (facts.joined) return 'backend';
  if (facts.remembered === 'standalone' || facts.hasWork) return 'standalone';
  return null;
}

/**
 * Nothing chosen yet: an installed app shows the first-run screen; `npm run serve` starts
 * straight in the demo, as the README's first command promises.
 */
export type WhenUndecided = 'first-run' | 'demo';

/** Which file a real install opens at start: its own, or the demo's (when that was chosen, or nothing was). */
export function fileAtStart(real: Omit<CacheFacts, 'demo'>, whenUndecided: WhenUndecided): 'real' | 'demo' {
  if (real.joined) return 'real';
  if (real.remembered === 'demo') return 'demo';
  const choice = startChoiceOf({ ...real, demo: false });
  return choice === null && whenUndecided === 'demo' ? 'demo' : 'real';
}
