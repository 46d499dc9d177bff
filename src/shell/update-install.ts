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
