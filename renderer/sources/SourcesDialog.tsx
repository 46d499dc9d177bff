import { useEffect, useState } from 'react';
import { SOURCE_KINDS, type SourceKind, type SourceKindInfo, type SourceView } from '../../src/api/sources';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { Modal } from '../shell/Modal';
import { api, refreshSources, showError, useBoard } from '../state/store';
import { SourceForm } from './SourceForm';
import { SharedSourceHealth } from './SharedSourceHealth';
import { SHARED_FOCUS } from './every-source';
import { SourceHealth } from './SourceHealth';
import { SourceStatus } from './SourceStatus';
import { newSource } from './source-kinds';

type Selection = { id: string; tab: 'health' | 'settings' } | { kind: SourceKind } | { shared: string } | null;

/**
 * Settings → Sources: the planning systems and file drops this desktop imports from. A source
 * is added once (tested, then saved and enabled); from then on its health is here.
 */
export function SourcesDialog() {
  const { t, time } = useI18n();
  const { sources, sharedSources, inboxes, sourceFocus } = useBoard();
  const [kinds, setKinds] = useState<SourceKindInfo[]>([]);
  const [selection, setSelection] = useState<Selection>(() => {
    if (sourceFocus?.startsWith(SHARED_FOCUS)) return { shared: sourceFocus.slice(SHARED_FOCUS.length) };
    const first = sourceFocus ?? sources[0]?.id;
    return first ? { id: first, tab: 'health' } : null;
  });
  const [saved, setSaved] = useState(false);
  const close = () => useBoard.setState({ dialog: null, sourceFocus: null });
  const select = (next: Selection) => {
    setSaved(false);
    setSelection(next);
  };

  useEffect(() => {
    api().listSourceKinds({}).then(setKinds, showError);
    refreshSources().catch(showError);
  }, []);

  const selected: SourceView | undefined = selection && 'id' in selection ? sources.find((s) => s.id === selection.id) : undefined;
  const selectedShared = selection && 'shared' in selection ? sharedSources.find((s) => s.key === selection.shared) : undefined;
  const defaults = (kind: SourceKind) => kinds.find((k) => k.kind === kind)?.defaultMapping ?? {};
  // A saved source opens on its health, where "Sync now" is; the list knows it once refreshed.
  const onSaved = (view: SourceView) => {
    refreshSources().then(() => {
      setSelection({ id: view.id, tab: 'health' });
      setSaved(true);
    }, showError);
  };

  return (
    <Modal title={t('sources.title')} onClose={close} wide>
      <div className="sources-layout">
        <aside className="sources-list">
          <ul>
            {sources.map((source) => (
              <li key={source.id}>
                <button
                  type="button"
                  className={selected?.id === source.id ? 'source-item active' : 'source-item'}
                  onClick={() => select({ id: source.id, tab: 'health' })}
                >
                  <span className="source-name">{source.name}</span>
                  <span className="source-kind">
                    {t(`sources.kind.${source.settings.kind}` as MessageKey)}
                    {source.health.lastRun && ` · ${time(source.health.lastRun.startedAt)}`}
                  </span>
                  <SourceStatus source={source} />
                </button>
              </li>
            ))}
          </ul>
          {sources.length === 0 && <p className="muted small">{t('sources.empty')}</p>}
          {sharedSources.length > 0 && (
            <>
              <h4 className="sources-list-title">{t('sources.shared.title')}</h4>
              <ul>
                {sharedSources.map(({ key, status }) => (
                  <li key={key}>
                    <button type="button" className={selectedShared?.key === key ? 'source-item active' : 'source-item'} onClick={() => select({ shared: key })}>
                      <span className="source-name">{status.name}</span>
                      <span className="source-kind">
                        {t(`sources.kind.${status.kind}` as MessageKey)}
                        {status.lastRun && ` · ${time(status.lastRun.startedAt)}`}
                      </span>
                      <SourceStatus source={{ enabled: status.enabled, health: status }} />
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
          <label className="add-source">
            {t('sources.add')}
            <select value="" onChange={(e) => e.target.value && select({ kind: e.target.value as SourceKind })}>
              <option value="">{t('sources.chooseKind')}</option>
              {SOURCE_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`sources.kind.${kind}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
        </aside>
        <section className="source-detail">
          {selection && 'kind' in selection && inboxes[0] && (
            <>
              <h3>{t('sources.new', { kind: t(`sources.kind.${selection.kind}` as MessageKey) })}</h3>
              <SourceForm
                key={selection.kind}
                initial={newSource(selection.kind, inboxes[0].id, t(`sources.kind.${selection.kind}` as MessageKey))}
                hasSecret={false}
                defaultMapping={defaults(selection.kind)}
                onSaved={onSaved}
                onDeleted={() => select(null)}
              />
            </>
          )}
          {selected && selection && 'id' in selection && (
            <>
              <nav className="tabs small-tabs">
                {(['health', 'settings'] as const).map((tab) => (
                  <button key={tab} type="button" className={selection.tab === tab ? 'tab active' : 'tab'} onClick={() => select({ id: selected.id, tab })}>
                    {t(`sources.tab.${tab}`)}
                  </button>
                ))}
              </nav>
              {saved && (
                <p className="connection-ok" role="status">
                  {t('sources.saved')}
                </p>
              )}
              {selection.tab === 'health' ? (
                <SourceHealth source={selected} />
              ) : (
                <SourceForm
                  key={selected.id}
                  initial={{ id: selected.id, name: selected.name, inboxId: selected.inboxId, enabled: selected.enabled, intervalMinutes: selected.intervalMinutes, mapping: selected.mapping, settings: selected.settings, secret: '' }}
                  hasSecret={selected.hasSecret}
                  defaultMapping={defaults(selected.settings.kind)}
                  onSaved={onSaved}
                  onDeleted={() => {
                    void refreshSources().catch(showError);
                    select(null);
                  }}
                />
              )}
            </>
          )}
          {selectedShared && (
            <>
              <h3>{selectedShared.status.name}</h3>
              <SharedSourceHealth shared={selectedShared} />
            </>
          )}
          {!selection && <p className="muted">{t('sources.intro')}</p>}
        </section>
      </div>
    </Modal>
  );
}
