/**
 * Where secrets live (the backend token, sources' keys and passwords): Electron's safeStorage on a workstation, a file only
 * the user can read in the headless host. Never the SQLite cache, never a log.
 */
export interface SecretStore {
  get(name: string): string | null;
  set(name: string, value: string): void;
  remove(name: string): void;
  /**
   * True where nothing on this computer protects a secret on disk (Linux without a keyring): the store keeps them in memory
   * until the app closes, and the connection settings tell the user how to have them kept.
   */
  readonly sessionOnly?: boolean;
}
