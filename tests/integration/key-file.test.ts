import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { ROOT } from '../support/desktop';

const run = promisify(execFile);

/** The key one process makes or finds in the folder, as base64. */
async function keyOfProcess(folder: string): Promise<string> {
  const script = `import { keyFile } from ${JSON.stringify(join(ROOT, 'src/backend/access/key-file.ts'))};
process.stdout.write(keyFile(${JSON.stringify(join(folder, 'secret.key'))}, 32, 'base64').toString('base64'));`;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT });
  return stdout;
}

describe('a key kept in the data folder', () => {
  it('is the same key for processes that start together on one machine, readable by its user only', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'aftersales-key-'));
    const keys = await Promise.all(Array.from({ length: 6 }, () => keyOfProcess(folder)));
    assert.equal(new Set(keys).size, 1, 'one key');
    assert.equal(Buffer.from(keys[0]!, 'base64').length, 32);
    assert.equal(statSync(join(folder, 'secret.key')).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(folder), ['secret.key'], 'no half-made file left');
  });

  it('replaces an empty file an interrupted start left, and keeps a key it finds', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'aftersales-key-'));
    writeFileSync(join(folder, 'secret.key'), '', { mode: 0o644 });
    const made = await keyOfProcess(folder);
    assert.equal(Buffer.from(made, 'base64').length, 32);
    assert.equal(await keyOfProcess(folder), made);
    assert.equal(statSync(join(folder, 'secret.key')).mode & 0o777, 0o600);
  });
});
