import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/**
 * The cache, its journal, the secrets and the logs hold customers' names, phone numbers and
 * conversations, and the backend's token: on Linux and macOS only the user may read them.
 * Modes are set with chmod, so the process's umask does not count. Windows keeps a user's
 * application data private through the ACLs of the profile folder instead.
 */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_FOLDER_MODE = 0o700;

const POSIX = process.platform !== 'win32';

/** Makes the folder (and any missing parent) 0700, or corrects an existing one to 0700. */
export function privateFolder(folder: string): void {
  mkdirSync(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  if (POSIX) chmodSync(folder, PRIVATE_FOLDER_MODE);
}

/** Makes a missing folder 0700; an existing one stays as its owner set it (a folder the user chose). */
export function newFolderPrivate(folder: string): void {
  if (existsSync(folder)) return;
  mkdirSync(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  if (POSIX) chmodSync(folder, PRIVATE_FOLDER_MODE);
}

/** Creates the file empty if it is missing, so that nobody else can read it from its first byte, and sets 0600. */
export function privateFile(file: string): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  if (POSIX) chmodSync(file, PRIVATE_FILE_MODE);
}

/** Corrects the mode of a file that may exist (left by an earlier version, or made by SQLite). */
export function correctIfPresent(file: string): void {
  if (POSIX && existsSync(file)) chmodSync(file, PRIVATE_FILE_MODE);
}
