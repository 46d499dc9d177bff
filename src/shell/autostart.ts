import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Start at login on Linux: an XDG autostart entry (the freedesktop "Desktop Application Autostart
 * Specification"), which GNOME, KDE, Xfce and the others read at login. Windows and macOS have
 * app.setLoginItemSettings instead; main/ uses that there.
 */

export const AUTOSTART_FILE_NAME = 'aftersales-board.desktop';

/** $XDG_CONFIG_HOME/autostart, or ~/.config/autostart when the variable is not set or empty (as the spec says). */
export function autostartFolder(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  const configHome = env.XDG_CONFIG_HOME ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(configHome, 'autostart');
}

/**
 * What to start: the AppImage file itself when the app runs from one (process.execPath then
 * points into a mount that is gone after the app quits), else the installed executable.
 */
export function launchCommand(execPath: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.APPIMAGE ? env.APPIMAGE : execPath;
}

/**
 * One argument of an Exec line: quoted when it holds anything the spec reserves, with the
 * characters it names escaped inside quotes, and '%' doubled (a lone one is a field code).
 */
export function quoteExecArgument(argument: string): string {
  const percent = argument.replace(/%/g, '%%');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(percent)) return percent;
  return `"${percent.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
}

/** The entry: the app's name, the command, and that it is an application started at login. */
export function autostartEntry(name: string, command: string, args: readonly string[] = []): string {
  // A desktop entry is one key a line: a line break in a value would end it and start another key.
  for (const value of [name, command, ...args]) {
    if (/[\n\r]/.test(value)) throw new Error(`The autostart entry cannot hold a line break: ${JSON.stringify(value)}`);
  }
  const exec = [command, ...args].map(quoteExecArgument).join(' ');
  // In a desktop entry a value's backslash is itself escaped, after the Exec quoting (spec, "The Exec key").
  const value = exec.replace(/\\/g, '\\\\');
  return ['[Desktop Entry]', 'Type=Application', `Name=${name}`, `Exec=${value}`, 'Terminal=false', 'X-GNOME-Autostart-enabled=true', ''].join('\n');
}

/**
 * Whether the entry is there and on: a user may have turned it off in the desktop's own settings
 * (Hidden=true, or GNOME's X-GNOME-Autostart-enabled=false), which counts as off.
 */
export function isAutostartOn(folder: string): boolean {
  const file = join(folder, AUTOSTART_FILE_NAME);
  if (!existsSync(file)) return false;
  const text = readFileSync(file, 'utf8');
  return !/^Hidden\s*=\s*true\s*$/im.test(text) && !/^X-GNOME-Autostart-enabled\s*=\s*false\s*$/im.test(text);
}

/** Writes the entry (whole, through a rename) or removes it. */
export function setAutostart(folder: string, on: boolean, entry: { name: string; command: string; args?: readonly string[] }): void {
  const file = join(folder, AUTOSTART_FILE_NAME);
  if (!on) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(folder, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, autostartEntry(entry.name, entry.command, entry.args));
  renameSync(temporary, file);
}
