import type { SourceHealth, SourceView } from '../../src/api/sources';
import type { SharedSource } from '../../src/api/v2/source-status';

/** How the board's warning asks the Sources dialog for a source another desktop pulls: `shared:<key>`. */
export const SHARED_FOCUS = 'shared:';

/** A source set up here or pulled by another desktop, as the top bar and the board's warning see it. */
export interface SourceAtAGlance {
  /** What the Sources dialog opens on: a source's id, or SHARED_FOCUS and its key. */
  focus: string;
  name: string;
  enabled: boolean;
  health: Pick<SourceHealth, 'failuresInARow' | 'lastError'>;
}

export function everySource(sources: SourceView[], shared: SharedSource[]): SourceAtAGlance[] {
  return [
    ...sources.map((source) => ({ focus: source.id, name: source.name, enabled: source.enabled, health: source.health })),
    ...shared.map(({ key, status }) => ({ focus: `${SHARED_FOCUS}${key}`, name: status.name, enabled: status.enabled, health: status })),
  ];
}
