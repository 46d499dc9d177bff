import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { SecretStore } from '../ports/secret-store';

/**
 * Whether Electron's safeStorage really protects a secret on this computer. On Windows (DPAPI)
 * and macOS (the Keychain) it does whenever encryption is available. On Linux it asks the
 * desktop's keyring (the Secret Service of gnome-keyring or KDE's KWallet); where none
 * answers, Chromium falls back to 'basic_text': the key is derived from a password written in
 * Chromium's source, so the "encrypted" file opens for anyone who can read it. There the
 * backend's token and the sources' passwords are kept in memory for this session only.
 */

/** safeStorage.getSelectedStorageBackend()'s answers on Linux. */
export const LINUX_KEYRINGS = ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'] as const;

export type SecretKeeping = 'disk' | 'session';

export interface StorageFacts {
  /** process.platform */
  platform: string;
  /** safeStorage.isEncryptionAvailable() */
  encryptionAvailable: boolean;
  /** safeStorage.getSelectedStorageBackend() on Linux ('basic_text', 'unknown' before the app is ready); null elsewhere. */
  linuxBackend: string | null;
}

/** Disk only where a keyring or the OS protects the key; 'basic_text', 'unknown' or none at all: this session only. */
export function secretKeeping(facts: StorageFacts): SecretKeeping {
  if (!facts.encryptionAvailable) return 'session';
  if (facts.platform !== 'linux') return 'disk';
  return (LINUX_KEYRINGS as readonly string[]).includes(facts.linuxBackend ?? '') ? 'disk' : 'session';
}

/**
 * Chromium's Linux ciphertext starts with its version: 'v10' is sealed with the fixed
 * password, 'v11' with the key the keyring keeps. A 'v10' secret that an earlier version of the
 * app left on disk is as good as plain text: it is moved into memory and off the disk. A 'v11'
 * one is kept where it is: the keyring may be only locked or not started this time. (macOS
 * writes 'v10' too, with the Keychain's key: the rule is Linux's alone.)
 */
export function sealedWithFixedPassword(platform: string, sealed: Uint8Array): boolean {
  return platform === 'linux' && sealed.length >= 3 && sealed[0] === 0x76 && sealed[1] === 0x31 && sealed[2] === 0x30;
}

/** What the store needs of Electron's safeStorage. */
export interface Sealer {
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}

export interface SealedSecretsOptions {
  file: string;
  sealer: Sealer;
  keeping: SecretKeeping;
  platform: string;
  /** Makes a file the user's alone (0600) before it is written; corrects one left readable by others. */
  files: { privateFile(path: string): void; correctIfPresent(path: string): void };
}

const SecretsFileSchema = z.record(z.string(), z.string());

/**
 * Secrets sealed by safeStorage in a file that holds only ciphertext, where safeStorage protects
 * them ('disk'); in memory until the app closes where it does not ('session'). In the session
 * case a secret an earlier version sealed with the fixed password is moved off the disk when the
 * store opens, and one set or removed takes any older copy of its name off the disk too (a
 * keyring-sealed one would come back with the keyring, over the newer value).
 */
export class SealedSecrets implements SecretStore {
  /** No keyring protects secrets here: every one is kept in memory only. */
  private readonly sessionMode: boolean;
  /** The names moved into memory and off the disk when the store opened. */
  readonly movedOffDisk: readonly string[];
  /** The names an earlier version sealed with the fixed password, sealed again with the keyring's key when the store opened. */
  readonly resealed: readonly string[];
  /** Weakly sealed names that not even the fixed password opened: taken off the disk, they protected nothing. */
  readonly unreadableDropped: readonly string[];
  /**
   * Names the keyring would not seal after all (safeStorage answered with the fixed password's
   * 'v10' again, its key not to be had): kept for this session only, and off the disk.
   */
  readonly keptForSession: string[] = [];
  private readonly session = new Map<string, string>();

  constructor(private readonly options: SealedSecretsOptions) {
    options.files.correctIfPresent(options.file);
    this.sessionMode = options.keeping === 'session';
    this.movedOffDisk = this.sessionMode ? this.moveOffDisk() : [];
    const resealing = this.sessionMode ? { resealed: [], unreadable: [] } : this.resealWithKeyring();
    this.resealed = resealing.resealed;
    this.unreadableDropped = resealing.unreadable;
  }

  get(name: string): string | null {
    const kept = this.session.get(name);
    if (kept !== undefined || this.sessionMode) return kept ?? null;
    const sealed = this.read()[name];
    return sealed ? this.options.sealer.decryptString(Buffer.from(sealed, 'base64')) : null;
  }

  set(name: string, value: string): void {
    if (this.sessionMode) {
      this.session.set(name, value);
      this.removeFromDisk(name);
      return;
    }
    const sealed = this.options.sealer.encryptString(value);
    if (sealedWithFixedPassword(this.options.platform, sealed)) {
      this.keepForSession(name, value);
      this.removeFromDisk(name);
      return;
    }
    this.session.delete(name);
    this.write({ ...this.read(), [name]: sealed.toString('base64') });
  }

  /** What the Connection dialog tells: some secret here lasts only until the app closes. */
  get sessionOnly(): boolean {
    return this.sessionMode || this.keptForSession.length > 0;
  }

  private keepForSession(name: string, value: string): void {
    this.session.set(name, value);
    if (!this.keptForSession.includes(name)) this.keptForSession.push(name);
  }

  remove(name: string): void {
    this.session.delete(name);
    this.removeFromDisk(name);
  }

  private moveOffDisk(): string[] {
    const stored = this.read();
    const moved: string[] = [];
    for (const [name, sealed] of Object.entries(stored)) {
      const bytes = Buffer.from(sealed, 'base64');
      if (!sealedWithFixedPassword(this.options.platform, bytes)) continue;
      try {
        this.session.set(name, this.options.sealer.decryptString(bytes));
      } catch {
        // Unreadable even with the fixed password: it goes all the same, it protected nothing.
      }
      moved.push(name);
    }
    if (moved.length > 0) this.write(Object.fromEntries(Object.entries(stored).filter(([name]) => !moved.includes(name))));
    return moved;
  }

  /**
   * With a keyring, a secret an earlier version (or this one before the keyring came) sealed with
   * the fixed password would otherwise stay on disk as good as plain text: Chromium still opens
   * 'v10' under a keyring, and it is sealed again with the keyring's key ('v11') in its place.
   */
  private resealWithKeyring(): { resealed: string[]; unreadable: string[] } {
    const stored = this.read();
    const resealed: string[] = [];
    const unreadable: string[] = [];
    const next: Record<string, string> = {};
    for (const [name, sealed] of Object.entries(stored)) {
      const bytes = Buffer.from(sealed, 'base64');
      if (!sealedWithFixedPassword(this.options.platform, bytes)) {
        next[name] = sealed;
        continue;
      }
      let plain: string;
      try {
        plain = this.options.sealer.decryptString(bytes);
      } catch {
        // Unreadable even with the fixed password: it goes all the same, it protected nothing.
        unreadable.push(name);
        continue;
      }
      const again = this.options.sealer.encryptString(plain);
      if (sealedWithFixedPassword(this.options.platform, again)) {
        // Off the disk all the same: what stays there must be what the keyring sealed.
        this.keepForSession(name, plain);
        continue;
      }
      next[name] = again.toString('base64');
      resealed.push(name);
    }
    if (Object.keys(next).length !== Object.keys(stored).length || resealed.length > 0) this.write(next);
    return { resealed, unreadable };
  }

  private removeFromDisk(name: string): void {
    const stored = this.read();
    if (!(name in stored)) return;
    const { [name]: _gone, ...rest } = stored;
    this.write(rest);
  }

  private write(next: Record<string, string>): void {
    // Ciphertext, yet the user's alone (0600) like everything beside the cache, whatever the umask; whole or not at all.
    const temporary = `${this.options.file}.tmp`;
    this.options.files.privateFile(temporary);
    writeFileSync(temporary, JSON.stringify(next));
    renameSync(temporary, this.options.file);
  }

  private read(): Record<string, string> {
    const { file } = this.options;
    if (!existsSync(file)) return {};
    const parsed = SecretsFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file} is not a secrets file this version can read.`);
    return parsed.data;
  }
}
