import { homedir } from 'node:os';
import { join } from 'node:path';

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
