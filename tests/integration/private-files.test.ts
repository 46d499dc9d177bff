import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../src/backend/store/store-database';
import { openCache } from '../../src/desktop/cache/cache-database';
import { prepareDataFolder } from '../../src/desktop/paths';
import { FileSecretStore } from '../../src/desktop/secrets/file-secret-store';
import { startCore } from '../support/desktop';

const mode = (path: string) => statSync(path).mode & 0o777;
const scratch = () => mkdtempSync(join(tmpdir(), 'aftersales-modes-'));

describe('the files beside the cache are the user’s alone (Linux, macOS)', () => {
  // A umask that lets everyone read and write what is made: the modes must not depend on it.
  let umask: number;
  before(() => {
    umask = process.umask(0);
  });
  after(() => {
    process.umask(umask);
  });

  it('makes the cache 0600 and its new folder 0700, and the -wal and -shm SQLite makes after a write too', () => {
    const folder = join(scratch(), 'Aftersales Board');
    const dataFile = join(folder, 'board.sqlite');
    const core = startCore({ dataFile, sample: true });
    try {
      assert.ok(core.context.appointments.list({ from: '2000-01-01', to: '2100-01-01', patterns: [], inboxIds: null, offset: 0, limit: 1 }).total > 0, 'written');
      assert.equal(mode(folder), 0o700);
      for (const file of [dataFile, `${dataFile}-wal`, `${dataFile}-shm`]) assert.equal(mode(file), 0o600, file);
    } finally {
      core.close();
    }
  });

  it('corrects a cache, -wal and -shm an earlier version left readable by others when it opens them', () => {
    const dataFile = join(scratch(), 'board.sqlite');
    const earlier = openCache(dataFile);
    earlier.prepare("INSERT INTO sync_state (key, value) VALUES ('x', '1')").run();
    for (const file of [dataFile, `${dataFile}-wal`, `${dataFile}-shm`]) chmodSync(file, 0o644);
    const again = openCache(dataFile);
    try {
      for (const file of [dataFile, `${dataFile}-wal`, `${dataFile}-shm`]) assert.equal(mode(file), 0o600, file);
    } finally {
      again.close();
      earlier.close();
    }
  });

  it('keeps secrets.json 0600 in a 0700 folder, and corrects one left 0644', () => {
    const folder = join(scratch(), 'new');
    new FileSecretStore(folder).set('backendToken', 'a-token-of-this-desktop');
    assert.equal(mode(folder), 0o700);
    assert.equal(mode(join(folder, 'secrets.json')), 0o600);

    const old = scratch();
    writeFileSync(join(old, 'secrets.json'), JSON.stringify({ backendToken: 'an-older-token' }), { mode: 0o644 });
    chmodSync(join(old, 'secrets.json'), 0o644);
    assert.equal(new FileSecretStore(old).get('backendToken'), 'an-older-token');
    assert.equal(mode(join(old, 'secrets.json')), 0o600);
  });

  it('makes the application’s data folder 0700 at start, and leaves a folder the user named with AFTERSALES_DATA_FILE as they set it', () => {
    const own = join(scratch(), 'Aftersales Board');
    mkdirSync(own, { mode: 0o755 });
    chmodSync(own, 0o755);
    prepareDataFolder(own, {});
    assert.equal(mode(own), 0o700);

    const chosen = scratch();
    chmodSync(chosen, 0o750);
    prepareDataFolder(chosen, { AFTERSALES_DATA_FILE: join(chosen, 'board.sqlite') });
    assert.equal(mode(chosen), 0o750);
    const missing = join(scratch(), 'made', 'here');
    prepareDataFolder(missing, { AFTERSALES_DATA_FILE: join(missing, 'board.sqlite') });
    assert.equal(mode(missing), 0o700);
  });

  it('makes the backend’s data folder 0700 and its store 0600, correcting them on open', () => {
    const folder = join(scratch(), 'backend');
    mkdirSync(folder, { mode: 0o755 });
    chmodSync(folder, 0o755);
    const file = join(folder, 'backend.sqlite');
    const store = openStore(file);
    try {
      store.pragma('user_version');
      assert.equal(mode(folder), 0o700);
      for (const part of [file, `${file}-wal`, `${file}-shm`]) assert.equal(mode(part), 0o600, part);
    } finally {
      store.close();
    }
  });
});
