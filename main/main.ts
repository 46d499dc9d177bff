import { app, BrowserWindow, Menu } from 'electron';
import { join } from 'node:path';
import pino from 'pino';
import { IPC_EVENT_CHANNEL } from '../src/api/bridge';
import { backendEndpointFrom } from '../src/desktop/backend-settings';
import { createWorkstationCore } from '../src/desktop/cli/configuration';
import { dataFilePath } from '../src/desktop/paths';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { registerBoardApi } from './ipc';
import { notifyReply } from './notifications';
import { SafeStorageSecrets } from './safe-storage-secrets';
import { createBoardWindow } from './windows';

registerAppScheme();

/** Bundled files: beside the app in development, in resources/ when packaged. */
function resourcePath(...parts: string[]): string {
  return app.isPackaged ? join(process.resourcesPath, ...parts) : join(app.getAppPath(), ...parts);
}

function buildMenu(openWindow: () => void): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      {
        label: 'File',
        submenu: [{ label: 'New Window', accelerator: 'CmdOrCtrl+N', click: openWindow }, { role: 'quit' }],
      },
      { role: 'editMenu' },
      { role: 'viewMenu' },
      { role: 'windowMenu' },
    ]),
  );
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  const userData = app.getPath('userData');
  const logger = pino({ level: 'info' }, pino.destination({ dest: join(userData, 'main.log'), mkdir: true }));
  const dataFile = dataFilePath(userData);
  logger.info({ dataFile }, 'starting');
  // Without a backend (from the environment, or joined in Settings) the desktop works standalone
  // on its cache, with the demo appointments.
  const secrets = new SafeStorageSecrets(userData);
  const fromEnvironment = backendEndpointFrom(process.env, secrets);
  const core = createWorkstationCore({
    dataFile,
    logger,
    secrets,
    backend: fromEnvironment ? { endpoint: fromEnvironment, managedBy: 'environment' } : undefined,
    sampleDir: resourcePath('resources', 'sample'),
  });
  core.subscribe((event) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(IPC_EVENT_CHANNEL, event);
    if (event.type === 'message.received') notifyReply(event);
  });
  serveRenderer(join(app.getAppPath(), 'dist', 'renderer'));
  registerBoardApi(core);
  const openWindow = () => createBoardWindow(__dirname);
  buildMenu(openWindow);
  openWindow();

  app.on('second-instance', openWindow);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => core.close());
}

void start();
