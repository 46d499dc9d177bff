import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { hostPortFrom, HostPortError, WALL_DEFAULT_PORT } from '../../src/desktop/host/host-port';
import { keptWallToken, WALL_TOKEN_FILE } from '../../src/desktop/host/wall-token';

describe('the wall host’s address across restarts', () => {
  it('answers a wall on the same port each start, a board on a free one, unless told', () => {
    assert.equal(hostPortFrom([], {}, true), WALL_DEFAULT_PORT);
    assert.equal(hostPortFrom([], {}, false), 0);
    assert.equal(hostPortFrom(['--wall', '--port', '5000'], {}, true), 5000);
    assert.equal(hostPortFrom(['--port=5001'], { AFTERSALES_PORT: '5002' }, false), 5001);
    assert.equal(hostPortFrom([], { AFTERSALES_PORT: '5002' }, true), 5002);
    assert.equal(hostPortFrom([], { AFTERSALES_PORT: ' ' }, true), WALL_DEFAULT_PORT);
  });

  it('refuses a port that is not one, in words naming where it came from', () => {
    assert.throws(() => hostPortFrom(['--port', 'tv'], {}, true), (e: Error) => e instanceof HostPortError && /--port "tv" is not a number/.test(e.message));
    assert.throws(() => hostPortFrom([], { AFTERSALES_PORT: '70000' }, true), /AFTERSALES_PORT "70000" is above 65535/);
    assert.throws(() => hostPortFrom(['--port', '48.5'], {}, true), /is not a whole number/);
    assert.throws(() => hostPortFrom(['--port'], {}, true), /--port needs a value/);
  });

  it('keeps the wall’s token in the data folder, the user’s alone, and the same on the next start', () => {
    const folder = mkdtempSync(join(tmpdir(), 'wall-token-'));
    const first = keptWallToken(folder);
    assert.match(first, /^[\w-]{32}$/);
    assert.equal(keptWallToken(folder), first);
    const file = join(folder, WALL_TOKEN_FILE);
    assert.equal(readFileSync(file, 'utf8').trim(), first);
    if (process.platform !== 'win32') assert.equal(statSync(file).mode & 0o777, 0o600);
    // A half-written file (a crash) gets a new token rather than an unusable one.
    writeFileSync(file, first.slice(0, 10));
    const next = keptWallToken(folder);
    assert.match(next, /^[\w-]{32}$/);
    assert.notEqual(next, first);
  });

  it('makes a token file someone copied in with a wider mode the user’s alone again, and keeps its token', () => {
    const folder = mkdtempSync(join(tmpdir(), 'wall-token-'));
    const file = join(folder, WALL_TOKEN_FILE);
    const token = 'A'.repeat(32);
    writeFileSync(file, `${token}\n`);
    chmodSync(file, 0o644);
    assert.equal(keptWallToken(folder), token);
    if (process.platform !== 'win32') assert.equal(statSync(file).mode & 0o777, 0o600);
  });
});
