import { addDays } from '../domain/calendar-date';
import { localDateAt, zonedToUtc } from '../domain/zoned-time';

/**
 * When a downloaded update may install by itself. It always installs when the app quits
 * (electron-updater's autoInstallOnAppQuit) and whenever the user chooses "Restart now". Beyond
 * that only at the install time a manager set, and then only on a workstation nobody is using:
 * restarting the board under an advisor in the middle of a shift is never the app's choice.
 */

export interface InstallRules {
  /** Nobody has touched the keyboard or mouse for this long: the workstation is not in use. */
  idleThresholdSeconds: number;
  /** From the install time on, for this long, the workstation is looked at again until it is idle. */
  windowMs: number;
  /** How often within the window. */
  recheckMs: number;
}

export const INSTALL_RULES: InstallRules = {
  idleThresholdSeconds: 10 * 60,
  // Long enough for the last advisor to leave after closing time, short of the next morning.
  windowMs: 3 * 3_600_000,
  recheckMs: 5 * 60_000,
};

/** What is known of the workstation's use: Electron's powerMonitor and the core's lock. */
export interface Presence {
  /** powerMonitor.getSystemIdleTime(): seconds without input. */
  idleSeconds: number;
  /** The screen is locked (powerMonitor's idle state), or the board is locked for its PIN (the core's session). */
  locked: boolean;
}

export type InstallDecision = { install: true } | { install: false; nextAttemptAt: number };

/** The start of the install window on the dealership's wall clock that `now` falls in or comes next. */
export function installWindowAt(now: number, zone: string, installTime: string, rules = INSTALL_RULES): { start: number; end: number } {
  const today = localDateAt(now, zone);
  // Yesterday's window can still be open just after midnight (an install time of 23:30).
  for (const date of [addDays(today, -1), today, addDays(today, 1)]) {
    const start = zonedToUtc(date, installTime, zone);
    if (now < start + rules.windowMs) return { start, end: start + rules.windowMs };
  }
  const start = zonedToUtc(addDays(today, 2), installTime, zone);
  return { start, end: start + rules.windowMs };
}

/**
 * At `now`, with an update downloaded and an install time set: install, or when to ask again.
 * Inside the window an idle or locked workstation installs; one in use is asked again a little
 * later, and after the window the next day's window is waited for (the update still installs on
 * quit, or when the user says so).
 */
export function installDecision(now: number, zone: string, installTime: string, presence: Presence, rules = INSTALL_RULES): InstallDecision {
  const window = installWindowAt(now, zone, installTime, rules);
  if (now < window.start) return { install: false, nextAttemptAt: window.start };
  if (presence.locked || presence.idleSeconds >= rules.idleThresholdSeconds) return { install: true };
  const again = now + rules.recheckMs;
  if (again < window.end) return { install: false, nextAttemptAt: again };
  return { install: false, nextAttemptAt: installWindowAt(window.end, zone, installTime, rules).start };
}

/** What tells how this copy of the app was installed: process.platform, process.execPath and the environment. */
export interface InstallFacts {
  platform: string;
  execPath: string;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * Whether an update can install with nobody at the workstation. On Windows a per-machine install
 * (under Program Files) asks for an administrator's consent (UAC) at each update, and a .deb
 * asks for a password (pkexec or sudo): at the install time nobody answers. Only a per-user
 * Windows install (under %LOCALAPPDATA%, the installer's default for one user) and an AppImage
 * (electron-updater replaces the file itself) install unattended. A Windows install elsewhere (a
 * folder IT chose) cannot be told apart reliably and counts as needing consent: its update
 * installs on quit, when someone is there to answer.
 */
export function installsUnattended(facts: InstallFacts): boolean {
  if (facts.platform === 'linux') return (facts.env.APPIMAGE ?? '') !== '';
  if (facts.platform !== 'win32') return true;
  const local = facts.env.LOCALAPPDATA;
  return local !== undefined && local !== '' && isInside(facts.execPath, local);
}

/** Windows paths compare without regard to case or the kind of slash. */
function isInside(path: string, folder: string): boolean {
  const norm = (p: string) => p.replace(/\//g, '\\').replace(/\\+$/, '').toLowerCase();
  return norm(path).startsWith(`${norm(folder)}\\`);
}
