// Runs a command with AFTERSALES_TEST_POSTGRES_URL set: the one given (CI starts its own
// cluster), or a throw-away cluster started here and removed afterwards, so that `npm test`
// and `npm run bench` run the PostgreSQL half of their work on any machine with PostgreSQL.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';

const [command, ...args] = process.argv.slice(2);
const cluster = join(import.meta.dirname, 'postgres-cluster.sh');
let folder = null;
const env = { ...process.env };
if (!env.AFTERSALES_TEST_POSTGRES_URL) {
  folder = mkdtempSync(join(tmpdir(), 'aftersales-pg-'));
  try {
    env.AFTERSALES_TEST_POSTGRES_URL = execFileSync(cluster, ['start', folder], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  } catch {
    process.stderr.write('The tests need PostgreSQL for the backend on PostgreSQL: install it (Debian: apt-get install postgresql), or set AFTERSALES_TEST_POSTGRES_URL.\n');
    process.exit(1);
  }
}
const stop = () => folder && execFileSync(cluster, ['stop', folder], { stdio: 'inherit' });
const child = spawn(command, args, { env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  stop();
  process.exit(code ?? (signal ? 1 : 0));
});
