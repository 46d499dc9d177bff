import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connect } from './api/client';
import { browserLocale, useLocale } from './i18n';
import { refreshBoard, refreshSettings, showError, useBoard } from './state/store';
import './styles.css';

const connection = connect();
useBoard.setState({ connection });

/** Settings and board in parallel: each round trip counts at start. */
async function load(): Promise<void> {
  await Promise.all([refreshSettings(), refreshBoard()]);
  const settings = useBoard.getState().settings!;
  const locale = settings.locale ?? browserLocale();
  const current = useLocale.getState();
  // Every card follows the locale: only a real change may re-render them.
  if (current.locale !== locale || current.zone !== settings.zone) useLocale.setState({ locale, zone: settings.zone });
}

connection.onState((state) => {
  useBoard.setState({ connectionState: state });
  if (state === 'connected') load().catch(showError);
});

connection.onEvent((event) => {
  switch (event.type) {
    case 'appointments.changed':
    case 'board.dayChanged':
    case 'import.completed':
      refreshBoard().catch(showError);
      break;
    case 'settings.changed':
      refreshSettings().catch(showError);
      break;
  }
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
