import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BackendStore } from '../../src/backend/store/backend-store';
import { eventually, freePort } from '../support/backend';
import { ROOT } from '../support/desktop';
import { freshDatabase } from '../support/engine';

/** The processes the group's first process started. */
function workersOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

const METRICS_TOKEN = 'group-metrics-token-0123456789';

describe('npm run backend -- --processes 2: a process group over PostgreSQL behind one port', () => {
  it('serves through either process, starts a dead one again, and stops them all on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aftersales-group-'));
    const databaseUrl = await freshDatabase('group');
    const store = await BackendStore.open({ dataFile: join(dataDir, 'backend.sqlite'), databaseUrl });
    const org = await store.organizations.create({ name: 'Autogroep', inboxes: [{ name: 'Werkplaats', kind: 'workshop', zone: 'Europe/Amsterdam', country: 'NL' }], user: { name: 'Sanne' } }, Date.now());
    await store.close();
    const port = await freePort();
    const group = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/backend/cli/backend.ts'), '--data', dataDir, '--processes', '2'], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'error', DATABASE_URL: databaseUrl, AFTERSALES_BACKEND_PORT: String(port), AFTERSALES_METRICS_TOKEN: METRICS_TOKEN },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    group.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => group.once('exit', (code) => resolve(code)));
    try {
      const base = `http://127.0.0.1:${port}`;
      // A connection handed to a worker at the moment it dies is answered by nobody: a client gives up on it and asks again.
      const answers = () =>
        fetch(`${base}/v2/organization`, { headers: { authorization: `Bearer ${org.token}` }, signal: AbortSignal.timeout(2000) }).then((r) => r.status === 200, () => false);
      await eventually(() => workersOf(group.pid!).length === 2 && answers(), 20_000);
      // Whichever worker a scrape reaches answers for the group: requests through both are counted once each.
      const served = async () => {
        const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` }, signal: AbortSignal.timeout(5000) })).text();
        return Number(/aftersales_http_requests_total\{method="GET",route="\/v2\/organization",status="200"\} (\d+)/.exec(text)?.[1] ?? 0);
      };
      // Both workers answer the first process once each has started its backend (a scrape meanwhile fails, and is asked again).
      const before = await eventually(() => served().then((n) => ({ n }), () => null), 30_000).then((r) => r.n);
      for (let i = 0; i < 6; i++) assert.ok(await answers());
      assert.equal(await served(), before + 6);
      assert.equal(await served(), before + 6, 'the same figure from whichever worker is asked');
      const [first] = workersOf(group.pid!);
      process.kill(first!, 'SIGKILL');
      // The other goes on answering while the dead one is replaced.
      await eventually(answers, 10_000);
      await eventually(() => {
        const now = workersOf(group.pid!);
        return now.length === 2 && !now.includes(first!);
      }, 20_000);
      assert.match(log, /a backend process ended unexpectedly; another is started in its place/);
      await eventually(answers, 20_000);
      const workers = workersOf(group.pid!);
      group.kill('SIGTERM');
      assert.equal(await exited, 0);
      for (const pid of workers) assert.throws(() => process.kill(pid, 0), /ESRCH/, `worker ${pid} ended`);
    } finally {
      if (group.exitCode === null) group.kill('SIGKILL');
    }
  });

  it('refuses several processes over a SQLite file, in words', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aftersales-group-'));
    const { DATABASE_URL: _none, ...env } = process.env;
    assert.throws(
      () => execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/backend/cli/backend.ts'), '--data', dataDir, '--processes', '2'], { cwd: ROOT, env, stdio: 'pipe' }),
      (error: Error & { stderr: Buffer }) => /Several backend processes share one PostgreSQL database: set DATABASE_URL/.test(error.stderr.toString()),
    );
  });
});
