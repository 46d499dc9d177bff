import type { ImportProgress } from '../../src/api/import';
import { useI18n } from '../i18n';
import { useBoard } from '../state/store';

/** Rows read of the file, stored in the cache, and the changed appointments the backend has. */
export function ImportProgressView({ progress, total }: { progress: ImportProgress | undefined; total: number }) {
  const { t, number } = useI18n();
  const standalone = useBoard((s) => s.backend?.mode !== 'connected');
  const read = progress?.read ?? 0;
  const sending = progress !== undefined && progress.finished && progress.sent < progress.toSend;
  return (
    <div className="import-progress" data-testid="import-progress">
      <progress max={Math.max(total, 1)} value={read} aria-label={t('import.progress.read')} />
      <dl>
        <div data-progress="read">
          <dt>{t('import.progress.read')}</dt>
          <dd>
            {number(read)} <span className="muted">{t('import.progress.of', { total: number(total) })}</span>
          </dd>
        </div>
        <div data-progress="stored">
          <dt>{t('import.progress.stored')}</dt>
          <dd>{number(progress?.stored ?? 0)}</dd>
        </div>
        <div data-progress="quarantined">
          <dt>{t('import.progress.quarantined')}</dt>
          <dd>{number(progress?.quarantined ?? 0)}</dd>
        </div>
        <div data-progress="sent">
          <dt>{t('import.progress.sent')}</dt>
          <dd className={standalone ? 'note' : undefined}>
            {standalone
              ? t('import.progress.standalone')
              : t('import.progress.sentOf', { sent: number(progress?.sent ?? 0), toSend: number(progress?.toSend ?? 0) })}
          </dd>
        </div>
      </dl>
      {sending && !standalone && <p className="muted small">{t('import.progress.sending')}</p>}
    </div>
  );
}
