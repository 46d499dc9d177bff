import type { Clock } from '../../ports/clock';
import type { SourcesRepo } from '../cache/sources-repo';

/**
 * Trust on first use: the host key an SFTP server showed at a source's first connection is
 * saved with the source and required from then on. A source that has a key, or is not SFTP
 * (any more), is left as it is.
 */
export function hostKeyLearner(sources: SourcesRepo, clock: Clock, id: string): (hostKey: string) => void {
  return (hostKey) => {
    const source = sources.get(id);
    if (source?.config.settings.kind !== 'sftp' || source.config.settings.hostKey !== null) return;
    const config = { ...source.config, settings: { ...source.config.settings, hostKey } };
    sources.save(id, config, clock.now());
  };
}
