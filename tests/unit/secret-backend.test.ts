import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backendEndpointFrom } from '../../src/desktop/backend-settings';
import type { SecretStore } from '../../src/ports/secret-store';
import { LINUX_KEYRINGS, sealedWithFixedPassword, secretKeeping } from '../../src/shell/secret-backend';

describe('where the secrets are kept', () => {
  it('on disk under Windows DPAPI and the macOS Keychain', () => {
    assert.equal(secretKeeping({ platform: 'win32', encryptionAvailable: true, linuxBackend: null }), 'disk');
    assert.equal(secretKeeping({ platform: 'darwin', encryptionAvailable: true, linuxBackend: null }), 'disk');
  });

  it("on disk under a Linux keyring: gnome-keyring's Secret Service or KWallet", () => {
    for (const backend of LINUX_KEYRINGS) assert.equal(secretKeeping({ platform: 'linux', encryptionAvailable: true, linuxBackend: backend }), 'disk', backend);
  });

  it("for this session only under Linux's basic_text (a fixed password), an unknown backend, or none", () => {
    assert.equal(secretKeeping({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'basic_text' }), 'session');
    assert.equal(secretKeeping({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'unknown' }), 'session');
    assert.equal(secretKeeping({ platform: 'linux', encryptionAvailable: true, linuxBackend: null }), 'session');
    assert.equal(secretKeeping({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'gnome_libsecret_v2' }), 'session');
  });

  it('for this session only wherever encryption is not available, whatever the OS', () => {
    for (const platform of ['win32', 'darwin', 'linux']) {
      assert.equal(secretKeeping({ platform, encryptionAvailable: false, linuxBackend: platform === 'linux' ? 'gnome_libsecret' : null }), 'session', platform);
    }
  });
});

describe('which secrets an earlier version left sealed with the fixed password', () => {
  const sealed = (prefix: string) => Buffer.concat([Buffer.from(prefix, 'latin1'), Buffer.from([0x8a, 0x11, 0x42, 0x00])]);

  it("finds Linux's v10 (the fixed password), not v11 (the keyring's key)", () => {
    assert.equal(sealedWithFixedPassword('linux', sealed('v10')), true);
    assert.equal(sealedWithFixedPassword('linux', sealed('v11')), false);
    assert.equal(sealedWithFixedPassword('linux', Buffer.from('v1')), false);
    assert.equal(sealedWithFixedPassword('linux', Buffer.alloc(0)), false);
  });

  it("leaves macOS's v10 alone: there the key is the Keychain's", () => {
    assert.equal(sealedWithFixedPassword('darwin', sealed('v10')), false);
    assert.equal(sealedWithFixedPassword('win32', sealed('v10')), false);
  });
});

describe('a backend named by the environment on a computer without a keyring', () => {
  const sessionOnly = (): SecretStore & { sessionOnly: true } => {
    const values = new Map<string, string>();
    return { sessionOnly: true, get: (n) => values.get(n) ?? null, set: (n, v) => void values.set(n, v), remove: (n) => void values.delete(n) };
  };

  it('uses the token the environment gives, for this session', () => {
    const secrets = sessionOnly();
    const endpoint = backendEndpointFrom({ AFTERSALES_BACKEND_URL: 'https://board.autobedrijf-jansen.nl', AFTERSALES_BACKEND_TOKEN: 'desktop-token-1' }, secrets);
    assert.deepEqual(endpoint, { url: 'https://board.autobedrijf-jansen.nl', token: 'desktop-token-1' });
  });

  it('says, when the variable is gone at the next start, that it must stay set or a keyring come', () => {
    assert.throws(
      () => backendEndpointFrom({ AFTERSALES_BACKEND_URL: 'https://board.autobedrijf-jansen.nl' }, sessionOnly()),
      /No keyring protects a token on this computer, so AFTERSALES_BACKEND_TOKEN is kept for one session only: set it at every start, or have a keyring keep it \(gnome-keyring or KWallet unlocked at sign-in, or the --password-store switch\)\./,
    );
  });
});
