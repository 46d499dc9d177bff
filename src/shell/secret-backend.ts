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
