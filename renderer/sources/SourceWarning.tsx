import { useI18n } from '../i18n';
import { useBoard } from '../state/store';
import { everySource } from './every-source';

/** More than two failed runs in a row: the board says so until the source works again. */
export const FAILURES_BEFORE_WARNING = 2;

/** The warning of every desktop of the dealership, whichever of them pulls the failing source. */
export function SourceWarning() {
  const { t } = useI18n();
  const sources = useBoard((s) => s.sources);
  const shared = useBoard((s) => s.sharedSources);
  const failing = everySource(sources, shared).filter((source) => source.enabled && source.health.failuresInARow > FAILURES_BEFORE_WARNING);
  if (failing.length === 0) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="source-warning">
      <span>
        {failing.map((source) => (
          <span key={source.focus} className="source-warning">
            {t('sources.warning', { name: source.name, count: source.health.failuresInARow })}
            {source.health.lastError && <span className="small"> — {source.health.lastError.message}</span>}
          </span>
        ))}
      </span>
      <button type="button" className="button" onClick={() => useBoard.setState({ dialog: 'sources', sourceFocus: failing[0]!.focus })}>
        {t('sources.openHealth')}
      </button>
    </div>
  );
}
