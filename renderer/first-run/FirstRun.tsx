import { useState } from 'react';
import { useI18n } from '../i18n';
import { LanguageSelect } from '../shell/LanguageSelect';
import { api, showError, useBoard } from '../state/store';
import { useStart } from './start-state';
import './first-run.css';

type Busy = 'standalone' | 'demo' | null;

/**
 * The first start of a real install: connect to the dealership's backend (the Connection
 * dialog), work on this computer only, or try the demo in a data file of its own.
 */
export function FirstRun() {
  const { t } = useI18n();
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<string | null>(null);

  const choose = async (choice: 'standalone' | 'demo') => {
    setBusy(choice);
    setError(null);
    try {
      const start =
        choice === 'standalone'
          ? await api().chooseStart({ choice, inboxNames: { dealership: t('firstRun.inboxDealership'), workshop: t('firstRun.inboxWorkshop') } })
          : await api().chooseStart({ choice });
      useStart.setState({ start });
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <main className="first-run">
      <header className="first-run-header">
        <span className="brand-mark" aria-hidden="true">
          AB
        </span>
        <span className="first-run-app">{t('app.title')}</span>
        <LanguageSelect />
      </header>
      <section className="first-run-body" aria-labelledby="first-run-title">
        <h1 id="first-run-title">{t('firstRun.title')}</h1>
        <p className="first-run-lead">{t('firstRun.lead')}</p>
        {error && (
          <p className="form-error first-run-error" role="alert">
            {error}
          </p>
        )}
        <div className="first-run-choices">
          <article className="first-run-choice is-recommended">
            <h2>{t('firstRun.connectTitle')}</h2>
            <p>{t('firstRun.connectText')}</p>
            <p className="muted small">{t('firstRun.connectNeeds')}</p>
            <button type="button" className="button primary" disabled={busy !== null} onClick={() => useBoard.setState({ dialog: 'connection' })}>
              {t('firstRun.connect')}
            </button>
          </article>
          <article className="first-run-choice">
            <h2>{t('firstRun.standaloneTitle')}</h2>
            <p>{t('firstRun.standaloneText')}</p>
            <p className="muted small">{t('firstRun.standaloneLater')}</p>
            <button type="button" className="button" disabled={busy !== null} onClick={() => void choose('standalone')}>
              {busy === 'standalone' ? t('firstRun.opening') : t('firstRun.standalone')}
            </button>
          </article>
          <article className="first-run-choice">
            <h2>{t('firstRun.demoTitle')}</h2>
            <p>{t('firstRun.demoText')}</p>
            <p className="muted small">{t('firstRun.demoApart')}</p>
            <button type="button" className="button" disabled={busy !== null} onClick={() => void choose('demo')}>
              {busy === 'demo' ? t('firstRun.opening') : t('firstRun.demo')}
            </button>
          </article>
        </div>
      </section>
    </main>
  );
}

/** Shown above the demo's board: it is made up, and the way back to this computer's own board. */
export function DemoBanner() {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  return (
    <div className="banner banner-demo" role="status">
      <span>{t('demo.banner')}</span>
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          leaveDemo()
            .catch(showError)
            .finally(() => setBusy(false));
        }}
      >
        {t('demo.leave')}
      </button>
    </div>
  );
}

export async function leaveDemo(): Promise<void> {
  useStart.setState({ start: await api().leaveDemo({}) });
  useBoard.setState({ dialog: null, detailsId: null, view: 'board' });
}
