import { safeStorage } from 'electron';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { SecretStore } from '../src/ports/secret-store';
import { correctIfPresent, privateFile } from '../src/sqlite/private-files';

const FileSchema = z.record(z.string(), z.string());

/**
 * Secrets encrypted with the OS's keychain through Electron's safeStorage (DPAPI on Windows,
 * the Secret Service on Linux, the Keychain on macOS); the file holds only ciphertext.
 */
export class SafeStorageSecrets implements SecretStore {
  private readonly file: string;

  constructor(folder: string) {
    this.file = join(folder, 'secrets.bin.json');
    correctIfPresent(this.file);
  }

  get(name: string): string | null {
    const sealed = this.read()[name];
    return sealed ? safeStorage.decryptString(Buffer.from(sealed, 'base64')) : null;
  }

  set(name: string, value: string): void {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new Error('This computer offers no secure storage for the backend token (safeStorage is unavailable).');
    }
    this.write({ ...this.read(), [name]: safeStorage.encryptString(value).toString('base64') });
  }

  remove(name: string): void {
    const { [name]: _gone, ...rest } = this.read();
    this.write(rest);
  }

  private write(next: Record<string, string>): void {
    // Ciphertext, yet the user's alone (0600) like everything beside the cache, whatever the umask.
    privateFile(`${this.file}.tmp`);
    writeFileSync(`${this.file}.tmp`, JSON.stringify(next));
    renameSync(`${this.file}.tmp`, this.file);
  }

  private read(): Record<string, string> {
    return existsSync(this.file) ? FileSchema.parse(JSON.parse(readFileSync(this.file, 'utf8'))) : {};
  }
}
