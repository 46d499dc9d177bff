import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { ApiFailure } from '../api/envelope';
import type { SessionState } from '../api/people';
import { DEFAULT_UPDATE_SETTINGS, UpdateSettingsSchema, type UpdateSettings } from '../api/shell-api';

/** The update settings of this workstation (channel, install time), beside the cache in userData. */
export const UPDATE_SETTINGS_FILE = 'update-settings.json';

export type LoadedUpdateSettings = { settings: UpdateSettings; problem: null } | { settings: UpdateSettings; problem: string };

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

/**
 * The settings in `folder`, or the defaults when none were saved. A file that cannot be read
 * or does not hold valid settings is not taken in part: the defaults apply and `problem` says
 * what is wrong with it, for the log, and the next save replaces it.
 */
export function loadUpdateSettings(folder: string): LoadedUpdateSettings {
  const file = join(folder, UPDATE_SETTINGS_FILE);
  if (!existsSync(file)) return { settings: DEFAULT_UPDATE_SETTINGS, problem: null };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { settings: DEFAULT_UPDATE_SETTINGS, problem: `${file} is not readable JSON (${(error as Error).message}); the default update settings apply.` };
  }
  const parsed = UpdateSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    return { settings: DEFAULT_UPDATE_SETTINGS, problem: `${file} does not hold valid update settings (${describe(parsed.error)}); the default update settings apply.` };
  }
  // An earlier version kept a feed address here that a manager could set; the feed is IT's alone now.
  if (typeof raw === 'object' && raw !== null && 'feedUrl' in raw && raw.feedUrl !== null) {
    return {
      settings: parsed.data,
      problem: `${file} names an update server (feedUrl), which is no longer read: updates come from the installer's app-update.yml or IT's AFTERSALES_UPDATE_URL. The next save leaves it out.`,
    };
  }
  return { settings: parsed.data, problem: null };
}

/** Writes whole or not at all: a crash mid-write leaves the previous settings, never half a file. */
export function saveUpdateSettings(folder: string, settings: UpdateSettings): UpdateSettings {
  const valid = UpdateSettingsSchema.parse(settings);
  const file = join(folder, UPDATE_SETTINGS_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(valid, null, 2)}\n`);
  renameSync(temporary, file);
  return valid;
}

/**
 * Who may change how this workstation updates: a manager signed in and not locked out, as the
 * core's session says. A standalone desktop (no backend, nobody signs in) belongs to whoever runs
 * it. Anyone else is refused in words.
 */
export function assertMayChangeUpdateSettings(session: SessionState): void {
  if (session.mode === 'standalone') return;
  if (session.user?.role === 'manager' && !session.locked) return;
  throw new ApiFailure('MANAGER_ONLY', 'Only a manager can change how this workstation updates.');
}
