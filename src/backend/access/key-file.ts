import { randomBytes, randomUUID } from 'node:crypto';
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { correctIfPresent, PRIVATE_FILE_MODE } from '../../sqlite/private-files';

/**
 * A key kept in the data folder (when the environment gives none), readable by its user only.
 * Made whole beside it and then linked into place, which fails if another process got there
 * first: processes starting together on one machine all end up with the one key on disk.
 * An empty file (left by an earlier version that crashed while making it) is replaced.
 */
export function keyFile(file: string, bytes: number, encoding: 'base64' | 'base64url'): Buffer {
  correctIfPresent(file);
  const stored = readStored(file);
  if (stored) return Buffer.from(stored, encoding);
  const temporary = `${file}.${randomUUID()}.new`;
  writeFileSync(temporary, `${randomBytes(bytes).toString(encoding)}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  try {
    if (stored === '') renameSync(temporary, file);
    else linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    // Gone already when it was renamed into place.
    rmSync(temporary, { force: true });
  }
  return Buffer.from(readStored(file)!, encoding);
}

/** The file's key text; '' for an empty file, null for none. */
function readStored(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
