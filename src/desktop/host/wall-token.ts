import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { correctIfPresent, privateFile } from '../../sqlite/private-files';

/** The file beside the data file that keeps the wall's token across starts of the host. */
export const WALL_TOKEN_FILE = 'wall-token';
const TOKEN = /^[\w-]{32}$/;

/**
 * The wall's token, kept in the data folder (0600): a browser wall on a TV stick is set up
 * once with the address the host printed, and a restarted host (an update, a reboot) must
 * answer that same address, or the wall would knock with a dead token forever. A missing or
 * unreadable file gets a new token, written whole (a temporary file renamed over it) so a
 * crash never leaves half a token behind.
 */
export function keptWallToken(folder: string): string {
  const file = join(folder, WALL_TOKEN_FILE);
  // A file someone copied in with a wider mode is the user's alone again before it is read.
  correctIfPresent(file);
  const kept = readIfThere(file);
  if (kept !== null && TOKEN.test(kept)) return kept;
  const token = randomBytes(24).toString('base64url');
  const partial = `${file}.new`;
  privateFile(partial);
  const fd = openSync(partial, 'w');
  try {
    writeSync(fd, `${token}\n`);
    // On disk before it takes the name: a power cut after the rename must not leave an empty token file.
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, file);
  return token;
}

/** The file's token as written, or null when there is none to read (missing, unreadable). */
function readIfThere(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
}
