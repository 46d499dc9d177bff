import { safeStorage } from 'electron';
import { join } from 'node:path';
import type { Logger } from '../src/ports/logger';
import { SealedSecrets, secretKeeping } from '../src/shell/secret-backend';
import { correctIfPresent, privateFile } from '../src/sqlite/private-files';

/**
 * Secrets encrypted with the OS's keychain through Electron's safeStorage (DPAPI on Windows,
 * the Secret Service or KWallet on Linux, the Keychain on macOS); the file holds only
 * ciphertext. Where safeStorage protects nothing (Linux's basic_text, src/shell/secret-backend.ts)
 * they live in memory for this session only, and the connection settings say so.
 */
export class SafeStorageSecrets extends SealedSecrets {
  constructor(folder: string, logger: Logger) {
    // Asked once the app is ready (main.ts makes the store after whenReady): before, Linux answers 'unknown'.
    const linuxBackend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null;
    super({
      file: join(folder, 'secrets.bin.json'),
      sealer: safeStorage,
      keeping: secretKeeping({ platform: process.platform, encryptionAvailable: safeStorage.isEncryptionAvailable(), linuxBackend }),
      platform: process.platform,
      files: { privateFile, correctIfPresent },
    });
    if (this.resealed.length + this.unreadableDropped.length > 0) {
      logger.info({ resealed: this.resealed, unreadableDropped: this.unreadableDropped }, 'secrets an earlier version sealed with the fixed password are now sealed by the keyring');
    }
    if (this.sessionOnly) {
      logger.warn({ linuxBackend, movedOffDisk: this.movedOffDisk, keptForSession: this.keptForSession }, 'no keyring protects secrets on this computer: they are kept for this session only');
    }
  }
}
