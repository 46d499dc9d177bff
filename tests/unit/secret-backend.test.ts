import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, pbkdf2Sync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { backendEndpointFrom } from '../../src/desktop/backend-settings';
import type { SecretStore } from '../../src/ports/secret-store';
import { LINUX_KEYRINGS, SealedSecrets, sealedWithFixedPassword, secretKeeping, type Sealer } from '../../src/shell/secret-backend';
import { correctIfPresent, privateFile } from '../../src/sqlite/private-files';

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

/**
 * Chromium's Linux sealing (os_crypt): AES-128-CBC under a PBKDF2 key of a password, 'v10' with
 * the password written in Chromium's source (basic_text), 'v11' with the one the keyring keeps.
 */
function chromiumLinuxSealer(version: 'v10' | 'v11', password: string): Sealer {
  const key = pbkdf2Sync(password, 'saltysalt', 1, 16, 'sha1');
  const iv = Buffer.alloc(16, ' ');
  return {
    encryptString(plain) {
      const cipher = createCipheriv('aes-128-cbc', key, iv);
      return Buffer.concat([Buffer.from(version, 'latin1'), cipher.update(plain, 'utf8'), cipher.final()]);
    },
    decryptString(sealed) {
      if (sealed.subarray(0, 3).toString('latin1') !== version) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      const decipher = createDecipheriv('aes-128-cbc', key, iv);
      return Buffer.concat([decipher.update(sealed.subarray(3)), decipher.final()]).toString('utf8');
    },
  };
}

const basicText = chromiumLinuxSealer('v10', 'peanuts');
const keyring = chromiumLinuxSealer('v11', 'a password only the keyring knows');
/** Chromium under a keyring: it seals with the keyring's key and still opens what the fixed password sealed. */
const withKeyring: Sealer = {
  encryptString: (plain) => keyring.encryptString(plain),
  decryptString: (sealed) => (sealed.subarray(0, 3).toString('latin1') === 'v10' ? basicText : keyring).decryptString(sealed),
};

function store(file: string, sealer: Sealer, keeping: 'disk' | 'session', platform = 'linux'): SealedSecrets {
  return new SealedSecrets({ file, sealer, keeping, platform, files: { privateFile, correctIfPresent } });
}

const secretsFile = () => join(mkdtempSync(join(tmpdir(), 'sealed-secrets-')), 'secrets.bin.json');
const onDisk = (file: string): Record<string, string> => JSON.parse(readFileSync(file, 'utf8'));

describe('the shell’s secret store', () => {
  it('under a keyring keeps ciphertext only, readable again after a restart, the user’s alone', () => {
    const file = secretsFile();
    store(file, keyring, 'disk').set('backendToken', 'token-of-this-desktop');
    assert.doesNotMatch(readFileSync(file, 'utf8'), /token-of-this-desktop/);
    assert.match(Buffer.from(onDisk(file).backendToken!, 'base64').subarray(0, 3).toString('latin1'), /^v11$/);
    if (process.platform !== 'win32') assert.equal(statSync(file).mode & 0o777, 0o600);
    const restarted = store(file, keyring, 'disk');
    assert.equal(restarted.get('backendToken'), 'token-of-this-desktop');
    assert.equal(restarted.sessionOnly, false);
    restarted.remove('backendToken');
    assert.equal(store(file, keyring, 'disk').get('backendToken'), null);
  });

  it('without one keeps a secret for the session: nothing reaches the disk, nothing is left after a restart', () => {
    const file = secretsFile();
    const session = store(file, basicText, 'session');
    session.set('backendToken', 'token-of-this-desktop');
    assert.equal(session.get('backendToken'), 'token-of-this-desktop');
    assert.equal(existsSync(file), false);
    assert.equal(store(file, basicText, 'session').get('backendToken'), null);
  });

  it('takes off the disk what an earlier version sealed with the fixed password, which anyone could open, and keeps the keyring’s', () => {
    const file = secretsFile();
    const earlier = {
      backendToken: basicText.encryptString('token-sealed-with-peanuts').toString('base64'),
      'source.sftp.password': basicText.encryptString('sftp-password').toString('base64'),
      backendUrl: keyring.encryptString('https://board.autobedrijf-jansen.nl').toString('base64'),
    };
    writeFileSync(file, JSON.stringify(earlier));
    // Why: the fixed password opens it for anyone who can read the file.
    assert.equal(chromiumLinuxSealer('v10', 'peanuts').decryptString(Buffer.from(earlier.backendToken, 'base64')), 'token-sealed-with-peanuts');

    const session = store(file, basicText, 'session');
    assert.deepEqual([...session.movedOffDisk].sort(), ['backendToken', 'source.sftp.password']);
    assert.equal(session.get('backendToken'), 'token-sealed-with-peanuts');
    assert.equal(session.get('source.sftp.password'), 'sftp-password');
    assert.deepEqual(onDisk(file), { backendUrl: earlier.backendUrl }, 'the keyring’s stays for when the keyring is back');
    assert.ok(!readFileSync(file, 'utf8').includes(earlier.backendToken), 'the weakly sealed token is gone from the file');

    // A new value this session takes the keyring's older one off the disk: it would come back over the newer one.
    session.set('backendUrl', 'https://board2.autobedrijf-jansen.nl');
    assert.deepEqual(onDisk(file), {});
    assert.equal(store(file, keyring, 'disk').get('backendUrl'), null);
  });

  it('under a keyring seals again with the keyring’s key what was sealed with the fixed password, so none of it stays on disk', () => {
    const file = secretsFile();
    const earlier = {
      backendToken: basicText.encryptString('token-sealed-with-peanuts').toString('base64'),
      backendUrl: keyring.encryptString('https://board.autobedrijf-jansen.nl').toString('base64'),
      broken: Buffer.concat([Buffer.from('v10', 'latin1'), Buffer.from('not a ciphertext')]).toString('base64'),
    };
    writeFileSync(file, JSON.stringify(earlier));
    const opened = store(file, withKeyring, 'disk');
    assert.deepEqual(opened.resealed, ['backendToken']);
    assert.deepEqual(opened.unreadableDropped, ['broken']);
    const after = onDisk(file);
    assert.deepEqual(Object.keys(after).sort(), ['backendToken', 'backendUrl']);
    assert.equal(after.backendUrl, earlier.backendUrl, 'the keyring’s own stays as it was');
    assert.equal(Buffer.from(after.backendToken!, 'base64').subarray(0, 3).toString('latin1'), 'v11');
    assert.throws(() => basicText.decryptString(Buffer.from(after.backendToken!, 'base64')), 'the fixed password no longer opens it');
    assert.equal(store(file, withKeyring, 'disk').get('backendToken'), 'token-sealed-with-peanuts');
    assert.deepEqual(store(file, withKeyring, 'disk').resealed, [], 'once is enough');
  });

  it('keeps for the session only, and off the disk, what a keyring whose key cannot be had seals with the fixed password after all', () => {
    const file = secretsFile();
    writeFileSync(file, JSON.stringify({ backendToken: basicText.encryptString('token-sealed-with-peanuts').toString('base64') }));
    // The backend says "keyring", yet safeStorage answers 'v10' again: the fixed password once more.
    const keyless: Sealer = { encryptString: (plain) => basicText.encryptString(plain), decryptString: (sealed) => basicText.decryptString(sealed) };
    const opened = store(file, keyless, 'disk');
    assert.deepEqual(opened.resealed, []);
    assert.deepEqual(opened.keptForSession, ['backendToken']);
    assert.equal(opened.sessionOnly, true, 'the Connection dialog says it lasts for this session');
    assert.deepEqual(onDisk(file), {}, 'nothing weakly sealed stays on disk');
    assert.equal(opened.get('backendToken'), 'token-sealed-with-peanuts', 'the session still has it');
    opened.set('sourcePassword', 'hunter2');
    assert.deepEqual(onDisk(file), {});
    assert.deepEqual(opened.keptForSession, ['backendToken', 'sourcePassword']);
    assert.equal(opened.get('sourcePassword'), 'hunter2');
  });

  it('leaves macOS’s v10 (sealed with the Keychain’s key) where it is when encryption is unavailable there', () => {
    const file = secretsFile();
    const sealed = { backendToken: basicText.encryptString('keychain-sealed').toString('base64') };
    writeFileSync(file, JSON.stringify(sealed));
    const session = store(file, basicText, 'session', 'darwin');
    assert.deepEqual(session.movedOffDisk, []);
    assert.equal(session.get('backendToken'), null);
    assert.deepEqual(onDisk(file), sealed);
  });

  it('names a secrets file it cannot read instead of taking it for empty', () => {
    const file = secretsFile();
    writeFileSync(file, JSON.stringify({ backendToken: 42 }));
    assert.throws(() => store(file, keyring, 'disk').get('backendToken'), new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a secrets file this version can read\\.`));
  });
});
