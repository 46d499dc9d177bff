import type { SourceHealth } from '../../src/api/sources';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/en';

/** What the status line needs: a source here (with running and waiting), or one another desktop pulls. */
export interface StatusInput {
  enabled: boolean;
  health: Pick<SourceHealth, 'failuresInARow' | 'lastRun'> & Partial<Pick<SourceHealth, 'running' | 'waiting'>>;
}

/** The one-line state of a source: off, running, waiting for another desktop, failing, or fine. */
export function sourceState(source: StatusInput): 'off' | 'running' | 'waiting' | 'failing' | 'ok' | 'new' {
  const { health } = source;
  if (!source.enabled) return 'off';
  if (health.running) return 'running';
  if (health.waiting) return 'waiting';
  if (health.failuresInARow > 0) return 'failing';
  return health.lastRun ? 'ok' : 'new';
}

export function SourceStatus({ source }: { source: StatusInput }) {
  const { t } = useI18n();
  const state = sourceState(source);
  return (
    <span className={`source-status is-${state}`}>
      <span className="status-dot" aria-hidden="true" />
      {t(`sources.state.${state}` as MessageKey, { count: source.health.failuresInARow })}
    </span>
  );
}
