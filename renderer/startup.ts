import { connect } from './api/client';
import { refreshStart } from './first-run/start-state';
import { browserLocale, translate, useLocale } from './i18n';
import { takeImportProgress } from './import/import-progress';
import { takeSession, useSession } from './people/session-state';
import { watchActivity } from './people/watch-activity';
import { notifyReply } from './shell/notifications';
import { refreshBoard, refreshSettings, refreshSources, showError, useBoard } from './state/store';

/*
 * The page's connection to the core and what follows its events. main.tsx imports this module
 * first: its body runs, and the first load is under way, before React and the board's
 * components are run. (Asking for those by a dynamic import after this module, in a script of
 * their own, drew the board later: one more round of requests before they were read.)
 */

const connection = connect({
  eventsUnreadable: () => useBoard.setState({ error: translate(useLocale.getState().locale, 'app.scriptsChanged') }),
});
useBoard.setState({ connection });

/** One board refresh at a time; changes that arrive meanwhile cause exactly one more. */
let refreshing: Promise<void> | null = null;
let again = false;
function refreshBoardSoon(): void {
  if (refreshing) {
    again = true;
    return;
  }
  refreshing = refreshBoard()
    .catch(showError)
    .finally(() => {
      refreshing = null;
      if (again) {
        again = false;
        refreshBoardSoon();
      }
    });
}

async function refreshBackend(): Promise<void> {
  useBoard.setState({ backend: await connection.api.getConnection({}) });
}

async function refreshSession(): Promise<void> {
  takeSession(await connection.api.getSession({}));
}

/** The language and zone of the settings read last: the signed-in person's own language. */
function applyLocale(): void {
  const settings = useBoard.getState().settings!;
  const locale = settings.locale ?? browserLocale();
  const current = useLocale.getState();
  // Every card follows the locale: only a real change may re-render them.
  if (current.locale !== locale || current.zone !== settings.zone) useLocale.setState({ locale, zone: settings.zone });
}

/**
 * Settings, board and what the frame shows, in parallel: each round trip counts at start. The
 * core is asked about what it was set up as too (the board shows once it has said), here
 * rather than from the page once it is drawn: that was one more round trip before the board.
 * The core answers in the order asked: first what the board waits for (the session before it,
 * so that a locked desktop never shows its board), then the backend's and the sources' state.
 */
async function load(): Promise<void> {
  await Promise.all([refreshSettings(), refreshBoard(), refreshSession(), refreshStart(), refreshBackend(), refreshSources()]);
  applyLocale();
}

/**
 * The first load is asked at once, before the socket is even open (its requests wait in the
 * client's queue), and before the page's other scripts — React, the drag library, the board's
 * components — are run: their running and the round trips overlap. A connection lost before it
 * opened answers it with that loss, and it is asked again on the connection that follows.
 */
let first: Promise<void> | null = load();
first.catch(() => {});

connection.onState((state) => {
  useBoard.setState({ connectionState: state });
  if (state === 'disconnected') first = null;
  if (state !== 'connected') return;
  const loading = first ?? load();
  first = null;
  loading.catch(showError);
});

connection.onEvent((event) => {
  switch (event.type) {
    case 'appointments.changed': {
      const open = useBoard.getState().detailsId;
      if (open !== null && event.ids.includes(open)) useBoard.setState((s) => ({ cardRevision: s.cardRevision + 1 }));
      refreshBoardSoon();
      break;
    }
    case 'board.dayChanged':
    case 'import.completed':
      refreshBoardSoon();
      break;
    case 'settings.changed':
      refreshSettings().catch(showError);
      // An inbox's channels may have changed: the open conversation reads which touchpoints it offers again.
      useBoard.setState((s) => ({ conversationRevision: s.conversationRevision + 1 }));
      break;
    case 'import.progress':
      takeImportProgress(event.progress);
      // What the import stored so far shows on the board while the rest is read.
      refreshBoardSoon();
      break;
    case 'sources.changed':
      refreshSources().catch(showError);
      break;
    case 'conversation.changed':
      useBoard.setState((s) => ({ conversationRevision: s.conversationRevision + 1 }));
      refreshBoardSoon();
      break;
    case 'message.received':
      if (connection.transport === 'websocket') notifyReply(event);
      break;
    case 'connection.changed':
      useBoard.setState({ backend: event.connection });
      break;
    case 'ui.openConversation':
      useBoard.setState({ detailsId: event.appointmentId });
      break;
    case 'session.changed': {
      const before = useSession.getState().session?.user?.id ?? null;
      takeSession(event.session);
      const after = event.session.user?.id ?? null;
      if (after !== before) {
        // Someone else works here now: nothing the last person had open stays open (a desktop
        // that just joined, with nobody before, keeps its Connection dialog), and their view choices apply.
        if (before !== null) useBoard.setState({ detailsId: null, dialog: null, view: 'board' });
        Promise.all([refreshSettings(), refreshBoard()]).then(applyLocale, showError);
      }
      break;
    }
  }
});

watchActivity(window);
