import { lazy, Suspense, useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Board } from './board/Board';
import { useStart, watchStart } from './first-run/start-state';
import { OfflineBanner } from './shell/OfflineBanner';
import { SourceWarning } from './sources/SourceWarning';
import { useI18n } from './i18n';
import { TopBar } from './shell/TopBar';
import { signInNeeded, useSession } from './people/session-state';
import { useBoard } from './state/store';
import { loadEventSchema } from './api/client';

// The dialogs (and the phone-number metadata the form validates with) load when first opened,
// so the board paints sooner; so do the screens other than the board (the list, the open
// conversation, the first run and the sign-in screen), fetched once the board is drawn.
const loadConversationPane = () => import('./conversation/ConversationPane');
const ConversationPane = lazy(() => loadConversationPane().then((m) => ({ default: m.ConversationPane })));
const loadAppointmentList = () => import('./appointments/AppointmentList');
const AppointmentList = lazy(() => loadAppointmentList().then((m) => ({ default: m.AppointmentList })));
const FirstRun = lazy(() => import('./first-run/FirstRun').then((m) => ({ default: m.FirstRun })));
const DemoBanner = lazy(() => import('./first-run/FirstRun').then((m) => ({ default: m.DemoBanner })));
const SignInScreen = lazy(() => import('./people/SignInScreen').then((m) => ({ default: m.SignInScreen })));
const ManualAppointmentForm = lazy(() =>
  import('./manual-appointment/ManualAppointmentForm').then((m) => ({ default: m.ManualAppointmentForm })),
);
const ImportDialog = lazy(() => import('./import/ImportDialog').then((m) => ({ default: m.ImportDialog })));
const SourcesDialog = lazy(() => import('./sources/SourcesDialog').then((m) => ({ default: m.SourcesDialog })));
const ConnectionDialog = lazy(() => import('./settings/ConnectionDialog').then((m) => ({ default: m.ConnectionDialog })));
const SetPinDialog = lazy(() => import('./people/SetPinDialog').then((m) => ({ default: m.SetPinDialog })));
const PeopleDialog = lazy(() => import('./people/PeopleDialog').then((m) => ({ default: m.PeopleDialog })));
const DevicesDialog = lazy(() => import('./people/DevicesDialog').then((m) => ({ default: m.DevicesDialog })));
const AuditDialog = lazy(() => import('./people/AuditDialog').then((m) => ({ default: m.AuditDialog })));
const ChannelsDialog = lazy(() => import('./setup/ChannelsDialog').then((m) => ({ default: m.ChannelsDialog })));
const OrganizationDialog = lazy(() => import('./setup/OrganizationDialog').then((m) => ({ default: m.OrganizationDialog })));
const ReminderBotDialog = lazy(() => import('./reminders/ReminderBotDialog').then((m) => ({ default: m.ReminderBotDialog })));
const SignInSettingsDialog = lazy(() => import('./people/SignInSettingsDialog').then((m) => ({ default: m.SignInSettingsDialog })));
const ContentLibraryDialog = lazy(() => import('./templates/ContentLibraryDialog').then((m) => ({ default: m.ContentLibraryDialog })));

export function App() {
  const { t } = useI18n();
  // Only what the frame shows: a move or a board read changes the cards, which the board follows on its own.
  const { view, dialog, detailsId, error, connectionState, settings, waitingCount, connection } = useBoard(
    useShallow((s) => ({
      view: s.view,
      dialog: s.dialog,
      detailsId: s.detailsId,
      error: s.error,
      connectionState: s.connectionState,
      settings: s.settings,
      waitingCount: s.waitingCount,
      connection: s.connection,
    })),
  );
  const start = useStart((s) => s.start);
  const session = useSession((s) => s.session);
  useEffect(() => {
    const name = settings?.organisationName ? `${settings.organisationName} — ${t('app.title')}` : t('app.title');
    document.title = waitingCount > 0 ? `(${waitingCount}) ${name}` : name;
  }, [settings, t, waitingCount]);
  useEffect(() => {
    if (connection) watchStart(connection);
  }, [connection]);
  // Once the board is drawn and the page is idle, what a click opens next is fetched, so that
  // it opens at once (and its reading does not hold up the board's first frame); so are the events' schemas.
  const boardShown = Boolean(settings && start);
  useEffect(() => {
    if (!boardShown) return;
    // Only ahead of time: should it fail (the page closing, the app updated meanwhile), the click
    // reads the script again and its failure shows there, where someone waits for it.
    const idle = requestIdleCallback(() => void Promise.all([loadConversationPane(), loadAppointmentList(), loadEventSchema()]).catch(() => {}));
    return () => cancelIdleCallback(idle);
  }, [boardShown]);

  const banners = (
    <>
      {connectionState !== 'connected' && (
        <div className="banner banner-offline" role="status">
          {t(connectionState === 'connecting' ? 'app.connecting' : 'app.disconnected')}
        </div>
      )}
      {error && (
        <div className="banner banner-error" role="alert">
          {t('app.error', { message: error })}
          <button type="button" className="icon-button" aria-label={t('details.close')} onClick={() => useBoard.setState({ error: null })}>
            ×
          </button>
        </div>
      )}
    </>
  );

  if (start?.choice === null) {
    return (
      <>
        {banners}
        <Suspense>
          <FirstRun />
        </Suspense>
        <Suspense>{dialog === 'connection' && <ConnectionDialog />}</Suspense>
      </>
    );
  }
  // Nothing of the board shows until someone signs in (or comes back to a locked desktop).
  if (session && signInNeeded(session)) {
    return (
      <>
        {banners}
        <Suspense>
          <SignInScreen session={session} />
        </Suspense>
        <Suspense>{dialog === 'connection' && <ConnectionDialog />}</Suspense>
      </>
    );
  }
  return (
    <div className="app">
      <TopBar />
      <Suspense>{start?.canLeaveDemo && <DemoBanner />}</Suspense>
      {connectionState === 'connected' && <OfflineBanner />}
      <SourceWarning />
      {banners}
      <div className="workspace">
        {settings && start && (view === 'board' ? <Board /> : <Suspense><AppointmentList /></Suspense>)}
        <Suspense>{detailsId && <ConversationPane key={detailsId} id={detailsId} />}</Suspense>
      </div>
      <Suspense>
        {dialog === 'manual' && <ManualAppointmentForm />}
        {dialog === 'import' && <ImportDialog />}
        {dialog === 'connection' && <ConnectionDialog />}
        {dialog === 'sources' && <SourcesDialog />}
        {dialog === 'pin' && <SetPinDialog />}
        {dialog === 'people' && <PeopleDialog />}
        {dialog === 'devices' && <DevicesDialog />}
        {dialog === 'audit' && <AuditDialog />}
        {dialog === 'signinSettings' && <SignInSettingsDialog />}
        {dialog === 'contentLibrary' && <ContentLibraryDialog />}
        {dialog === 'reminders' && <ReminderBotDialog />}
        {dialog === 'channels' && <ChannelsDialog />}
        {dialog === 'organization' && <OrganizationDialog />}
      </Suspense>
    </div>
  );
}
