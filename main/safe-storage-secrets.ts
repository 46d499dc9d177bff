import { safeStorage } from 'electron';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../src/ports/logger';
import type { SecretStore } from '../src/ports/secret-store';
import { sealedWithFixedPassword, secretKeeping } from '../src/shell/secret-backend';
import { correctIfPresent, privateFile } from '../src/sqlite/private-files';

const FileSchema = z.record(z.string(), z.string());

/**
 * Secrets encrypted with the OS's keychain through Electron's safeStorage (DPAPI on Windows,
 * the Secret Service or KWallet on Linux, the Keychain on macOS); the file holds only
 * ciphertext. Where safeStorage protects nothing (Linux's basic_text, see src/shell/secret-backend.ts)
 * the secrets live in memory for this session only, and the connection settings say so.
 */
export class SafeStorageSecrets implements SecretStore {
  readonly sessionOnly: boolean;
  private readonly file: string;
  private readonly session = new Map<string, string>();

  constructor(folder: string, logger: Logger) {
    this.file = join(folder, 'secrets.bin.json');
    correctIfPresent(this.file);
    const linuxBackend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null;
    this.sessionOnly = secretKeeping({ platform: process.platform, encryptionAvailable: safeStorage.isEncryptionAvailable(), linuxBackend }) === 'session';
    if (this.sessionOnly) {
      const moved = this.moveOffDisk();
      logger.warn({ linuxBackend, moved }, 'no keyring protects secrets on this computer: they are kept for this session only');
    }
  }

  get(name: string): string | null {
    if (this.sessionOnly) return this.session.get(name) ?? null;
    const sealed = this.read()[name];
    return sealed ? safeStorage.decryptString(Buffer.from(sealed, 'base64')) : null;
  }

  set(name: string, value: string): void {
    if (this.sessionOnly) {
      this.session.set(name, value);
      // An older value the keyring sealed would come back with the keyring, over this newer one.
      this.removeFromDisk(name);
      return;
    }
    this.write({ ...this.read(), [name]: safeStorage.encryptString(value).toString('base64') });
  }

  remove(name: string): void {
    this.session.delete(name);
    this.removeFromDisk(name);
  }

  private removeFromDisk(name: string): void {
    const stored = this.read();
    if (!(name in stored)) return;
    const { [name]: _gone, ...rest } = stored;
    this.write(rest);
  }

  /**
   * What an earlier version sealed with the fixed password comes into memory and off the disk
   * (it was as good as plain text there); what the keyring sealed stays for when it is back.
   * Answers the names moved.
   */
  private moveOffDisk(): string[] {
    const stored = this.read();
    const moved: string[] = [];
    for (const [name, sealed] of Object.entries(stored)) {
      const bytes = Buffer.from(sealed, 'base64');
      if (!sealedWithFixedPassword(process.platform, bytes)) continue;
      try {
        this.session.set(name, safeStorage.decryptString(bytes));
      } catch {
        // Unreadable even with the fixed password: it goes all the same, it protected nothing.
      }
      moved.push(name);
    }
    if (moved.length > 0) this.write(Object.fromEntries(Object.entries(stored).filter(([name]) => !moved.includes(name))));
    return moved;
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
