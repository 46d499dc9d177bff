import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { privateFile } from '../../sqlite/private-files';

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
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (TOKEN.test(kept)) return kept;
  }
  const token = randomBytes(24).toString('base64url');
  const partial = `${file}.new`;
  privateFile(partial);
  writeFileSync(partial, `${token}\n`);
  renameSync(partial, file);
  return token;
}
