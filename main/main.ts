import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import pino from 'pino';
import { IPC_EVENT_CHANNEL } from '../src/api/bridge';
import { backendEndpointFrom } from '../src/desktop/backend-settings';
import { startWorkstationFromEnv } from '../src/desktop/cli/configuration';
import { dataFilePath } from '../src/desktop/paths';
import { privateFile, privateFolder } from '../src/sqlite/private-files';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { registerBoardApi } from './ipc';
import { registerShellApi } from './shell-ipc';
import { startUpdater } from './updater';
import { SafeStorageSecrets } from './safe-storage-secrets';
import { installSecurity } from './security';
import { startDesktopCitizen } from './desktop-citizen';
import { BoardWindows } from './windows';
import { WindowStateStore } from '../src/shell/window-state';
import { SecondLaunches } from '../src/shell/second-launch';
import { readWallStart, WallWindow } from './wall-window';
import { windowChange, windowKindFor, type WindowKind } from '../src/shell/wall-window';

registerAppScheme();

/** Bundled files: beside the app in development, in resources/ when packaged. */
function resourcePath(...parts: string[]): string {
  return app.isPackaged ? join(process.resourcesPath, ...parts) : join(app.getAppPath(), ...parts);
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // Heard from now on: a second launch during the slow start below is answered once the window exists.
  const secondLaunches = new SecondLaunches();
  app.on('second-instance', () => secondLaunches.arrived());
  // Windows ties notifications and the taskbar overlay to this id; the installer registers the same one (appId).
  app.setAppUserModelId('nl.aftersales.board');
  await app.whenReady();
  // The cache, the secrets and the log hold customers' data and the backend's token: the user's alone.
  const userData = app.getPath('userData');
  privateFolder(userData);
  const logFile = join(userData, 'main.log');
  privateFile(logFile);
  const logger = pino({ level: 'info' }, pino.destination({ dest: logFile }));
  // A wall's settings in error stop the start with their words (IT sees them on the screen and in the log).
  const wallStart = readWallStart(logger);
  if (!wallStart) {
    app.quit();
    return;
  }
  // Before the first window: every web contents and session gets the guards as it is made.
  const security = installSecurity(logger);
  const dataFile = dataFilePath(userData);
  logger.info({ dataFile }, 'starting');
  // A new install shows the first-run screen: join the dealership's backend (or have the
  // environment name it), work standalone, or try the demo in a data file of its own.
  const secrets = new SafeStorageSecrets(userData, logger);
  const fromEnvironment = backendEndpointFrom(process.env, secrets);
  const station = await startWorkstationFromEnv({
    dataFile,
    logger,
    secrets,
    backend: fromEnvironment ? { endpoint: fromEnvironment, managedBy: 'environment' } : undefined,
    sampleDir: resourcePath('resources', 'sample'),
    whenUndecided: 'first-run',
    // The OpenID provider's page opens in the system browser (RFC 8252), never in an app window.
    // Its page is the provider's authorization endpoint, which may be on another host than the issuer.
    openBrowser: (url, signIn) => (signIn ? security.openSignInPage(url, signIn.authorizationEndpoint) : security.openInBrowser(url)),
  });
  // The allow-list's own hosts: the backend this desktop is joined to and its sign-in provider, as they are now.
  security.knowOrganisation(async () => {
    const [connection, session] = await Promise.all([station.handlers.getConnectionSettings({}), station.handlers.getSession({})]);
    return { backendUrl: connection.url, oidcIssuer: session.oidc?.issuer ?? null };
  });
  const windows = new BoardWindows(__dirname, new WindowStateStore(userData, privateFile), logger);
  // A wall device (started with --wall, or joined with a wall's token) shows the wall, full screen, instead of boards.
  const wall = new WallWindow(__dirname, wallStart.settings, logger);
  const wallStartOf = (deviceRole: string | null) => ({ wallFlag: wallStart.wall, deviceRole });
  let showing: WindowKind = 'board';
  const show = (kind: WindowKind | null) => {
    if (kind === null) return;
    showing = kind;
    citizen.offer(kind);
    if (kind === 'wall') {
      wall.open();
      for (const board of windows.all()) board.close();
    } else {
      windows.open();
      wall.close();
    }
  };
  // The menu, the tray, the badge and the replies' notifications (raised here, never by a window).
  const citizen = startDesktopCitizen({ station, windows, logger, badgesDir: resourcePath('resources', 'badges'), paths: { userData, dataFile, logFile } });
  station.subscribe((event) => {
    for (const window of BrowserWindow.getAllWindows()) if (!wall.owns(window)) window.webContents.send(IPC_EVENT_CHANNEL, event);
    wall.take(event);
    if (event.type === 'session.changed') show(windowChange(showing, wallStartOf(event.session.device?.role ?? null)));
    // A customer's words never show on a wall, not even as a desktop notification.
    if (showing !== 'wall' || event.type !== 'message.received') citizen.take(event);
  });
  serveRenderer(join(app.getAppPath(), 'dist', 'renderer'));
  const isWallWindow = (id: number) => wall.sentBy(id);
  registerBoardApi(station, { isWallWindow, settings: wallStart.settings });
  registerShellApi(startUpdater({ userData, logger, core: station.dispatch, isWallWindow }), isWallWindow);
  show(windowKindFor(wallStartOf((await station.handlers.getSession({})).device?.role ?? null)));

  // A second launch (a double-click on the icon again) brings the board forward; File → New Window opens another.
  secondLaunches.ready(() => (showing === 'wall' ? wall.bringForward() : windows.bringForward()));
  app.on('activate', () => {
    // A wall opens no board, not even from the dock.
    if (showing === 'board' && windows.all().length === 0) windows.open();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    citizen.close();
    void station.close();
  });
}

void start();
