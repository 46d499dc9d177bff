import { homedir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { newFolderPrivate, privateFolder } from '../sqlite/private-files';

export const APP_FOLDER = 'Aftersales Board';
export const DATA_FILE_ENV = 'AFTERSALES_DATA_FILE';

/** The per-user data folder the OS expects an application to use (what Electron's userData is). */
export function userDataFolder(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_FOLDER);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_FOLDER);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_FOLDER);
}

/** The cache database: $AFTERSALES_DATA_FILE if set, else board.sqlite in the data folder. */
export function dataFilePath(folder: string, env: NodeJS.ProcessEnv = process.env): string {
  return env[DATA_FILE_ENV] || join(folder, 'board.sqlite');
}

/** The demo's own cache, beside the real one (board.sqlite → board-demo.sqlite): its customers never mix with real ones. */
export function demoFilePath(dataFile: string): string {
  const extension = extname(dataFile);
  return join(dirname(dataFile), `${basename(dataFile, extension)}-demo${extension || '.sqlite'}`);
}

/**
 * Readies the folder of the cache, the secrets and the log for this start: only the user may
 * list or open it (0700). The application's own data folder is made so or corrected; a folder
 * named with AFTERSALES_DATA_FILE is the user's choice, made 0700 only when it is new.
 */
export function prepareDataFolder(folder: string, env: NodeJS.ProcessEnv = process.env): void {
  if (env[DATA_FILE_ENV]) newFolderPrivate(dirname(env[DATA_FILE_ENV]));
  else privateFolder(folder);
}
