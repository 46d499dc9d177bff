import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { openPostgresDatabase } from '../store/postgres/postgres-engine';
import { moveToPostgres } from '../store/migrate-to-postgres';
import type { StoreDatabase } from '../store/sql/store-database';
import { openStore } from '../store/store-database';

export const MIGRATE_USAGE = `Usage:
  DATABASE_URL=postgres://… npm run backend -- migrate-to-postgres --from <data folder>
        copy the SQLite backend in <data folder> (its backend.sqlite) into the empty PostgreSQL
        database at DATABASE_URL, compare every row, and commit only when all are the same`;

/** The file the SQLite backend keeps in its data folder (see backendConfig). */
const STORE_FILE = 'backend.sqlite';

const ArgumentsSchema = z.object({
  from: z.string({ error: `--from <data folder> is required: the SQLite backend's data folder, which holds ${STORE_FILE}.` }).min(1, '--from names no folder.'),
  databaseUrl: z
    .string({ error: 'DATABASE_URL is required: the PostgreSQL database to move into (postgres://user@host:port/database).' })
    .refine((url) => /^postgres(ql)?:\/\/./.test(url), 'DATABASE_URL must start with postgres:// or postgresql://.')
    .refine((url) => URL.canParse(url), 'DATABASE_URL is not a URL (postgres://user@host:port/database).'),
});

/** Where the target is, for messages: never its password or other settings. */
function describeTarget(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname}`;
}

/**
 * `backend migrate-to-postgres --from <folder>` with DATABASE_URL: refusals are thrown in
 * words (the command prints them and exits 1); progress and the next steps go to `out`.
 */
export async function migrateToPostgresCommand(args: string[], env: NodeJS.ProcessEnv, out: (text: string) => void): Promise<void> {
  let values: { from?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { from: { type: 'string' }, help: { type: 'boolean' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${MIGRATE_USAGE}`, { cause: error });
  }
  if (values.help) {
    out(`${MIGRATE_USAGE}\n`);
    return;
  }
  const parsed = ArgumentsSchema.safeParse({ from: values.from, databaseUrl: env.DATABASE_URL });
  if (!parsed.success) throw new Error(`${parsed.error.issues.map((i) => i.message).join('\n')}\n${MIGRATE_USAGE}`);
  const folder = resolve(parsed.data.from);
  const file = join(folder, STORE_FILE);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new Error(`${folder} is not a folder: --from names the SQLite backend's data folder.`);
  if (!existsSync(file)) {
    throw new Error(`${folder} holds no backend store (${STORE_FILE} is not there): --from names the folder the SQLite backend ran with (--data or AFTERSALES_BACKEND_DATA).`);
  }
  const target = describeTarget(parsed.data.databaseUrl);
  out(
    `Moving ${file} into PostgreSQL at ${target}.\n` +
      'The SQLite backend must be stopped first: what it wrote after the move would stay behind in SQLite.\n',
  );

  let source: ReturnType<typeof openStore>;
  try {
    // Brought to this version's latest schema first, the one PostgreSQL's schema matches.
    source = openStore(file);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
  }
  let database: StoreDatabase | undefined;
  try {
    try {
      database = await openPostgresDatabase(parsed.data.databaseUrl, { poolSize: 1, applicationName: 'aftersales-migrate-to-postgres' });
    } catch (error) {
      throw new Error(`PostgreSQL at ${target} could not be opened: ${(error as Error).message}`, { cause: error });
    }
    const tables = await moveToPostgres(source, database, {
      onTable: (table, rows) => out(`${table}: ${rows} rows copied, all the same\n`),
    });
    out(`\nDone: ${tables.length} tables, ${tables.reduce((sum, t) => sum + t.rows, 0)} rows, committed to PostgreSQL at ${target}.\n`);
    out(nextSteps(folder));
  } finally {
    await database?.close();
    source.close();
  }
}

/**
 * What the operator does next. The channels' secrets were copied sealed, and the access tokens
 * are signed with a key, so every process needs the same two keys the SQLite backend used;
 * where they are is told, never what they are.
 */
export function nextSteps(folder: string): string {
  const secretKey = existsSync(join(folder, 'secret.key'));
  const jwtKey = existsSync(join(folder, 'jwt.key'));
  const lines = [
    'Next:',
    '  1. Leave the SQLite backend stopped (keep its folder as the backup of the state before the move).',
    '  2. Give every backend process the same two keys the SQLite backend used:',
    secretKey
      ? `     - the channels' sealed secrets: ${join(folder, 'secret.key')}; copy it into each process's data folder with mode 0600\n` +
        `       (install -m 0600 ${join(folder, 'secret.key')} <their data folder>/), or set AFTERSALES_SECRET_KEY to its content (32 bytes in base64) for every process.`
      : `     - the channels' sealed secrets: ${folder} has no secret.key, so the SQLite backend ran with AFTERSALES_SECRET_KEY (or had no channel); give every process that same AFTERSALES_SECRET_KEY.`,
    jwtKey
      ? `     - the access tokens' signing key: ${join(folder, 'jwt.key')}; copy it into each process's data folder with mode 0600.\n` +
        '       AFTERSALES_JWT_SECRET is used as text, not decoded, so the file\'s content set there is another key: with a new shared\n' +
        '       AFTERSALES_JWT_SECRET (32 characters or more) the access tokens already handed out are refused and the apps renew them.'
      : `     - the access tokens' signing key: ${folder} has no jwt.key, so the SQLite backend ran with AFTERSALES_JWT_SECRET; give every process that same one.`,
    '  3. Start the backends with DATABASE_URL set to this database; the SQLite file is no longer read.',
    '',
  ];
  return lines.join('\n');
}
