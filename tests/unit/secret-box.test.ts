import assert from 'node:assert/strict';
import { createDecipheriv } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SecretBox } from '../../src/backend/access/secret-box';

const KEY = Buffer.alloc(32, 3);

describe('SecretBox', () => {
  it('seals as AES-256-GCM: version byte, 12-byte nonce, 16-byte tag, and the channel id as additional data', () => {
    const box = SecretBox.fromEnvironment(KEY.toString('base64'), tmpdir()).seal('EAAG-token', 'channel-1');
    assert.equal(box[0], 1);
    // Opened here with Node's cipher directly, as the layout says, not with the box's own code.
    const decipher = createDecipheriv('aes-256-gcm', KEY, box.subarray(1, 13));
    decipher.setAAD(Buffer.from('channel-1'));
    decipher.setAuthTag(box.subarray(13, 29));
    assert.equal(Buffer.concat([decipher.update(box.subarray(29)), decipher.final()]).toString(), 'EAAG-token');
  });

  it('does not open a box moved to another row, changed by one bit, or under another key', () => {
    const secrets = SecretBox.fromEnvironment(KEY.toString('base64'), tmpdir());
    const box = secrets.seal('app-secret', 'channel-1');
    assert.equal(secrets.open(box, 'channel-1'), 'app-secret');
    assert.throws(() => secrets.open(box, 'channel-2'), /could not be opened/);
    const flipped = Buffer.from(box);
    flipped[flipped.length - 1]! ^= 1;
    assert.throws(() => secrets.open(flipped, 'channel-1'), /could not be opened/);
    assert.throws(() => SecretBox.fromEnvironment(Buffer.alloc(32, 4).toString('base64'), tmpdir()).open(box, 'channel-1'), /another key/);
  });

  it('seals the same secret differently each time (a fresh nonce)', () => {
    const secrets = SecretBox.fromEnvironment(KEY.toString('base64'), tmpdir());
    assert.notDeepEqual(secrets.seal('same', 'c'), secrets.seal('same', 'c'));
  });

  it('refuses a key of the wrong length, and keeps a made key for the next start', () => {
    assert.throws(() => SecretBox.fromEnvironment(Buffer.alloc(16).toString('base64'), tmpdir()), /32 bytes/);
    const folder = mkdtempSync(join(tmpdir(), 'secret-box-'));
    const box = SecretBox.fromEnvironment(undefined, folder).seal('kept', 'c');
    assert.equal(SecretBox.fromEnvironment(undefined, folder).open(box, 'c'), 'kept');
  });
});
