/**
 * Where secrets live (the backend token, sources' keys and passwords): Electron's safeStorage on a workstation, a file only
 * the user can read in the headless host. Never the SQLite cache, never a log.
 */
export interface SecretStore {
  get(name: string): string | null;
  set(name: string, value: string): void;
  remove(name: string): void;
}
