import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import Database from 'better-sqlite3';
import pg from 'pg';
import { storeLocation } from './engine';

/*
 * What every bad-input test needs: a request sent byte for byte as given (an over-long
 * address, a header of 20 KB, a body that is not what its Content-Type says), a fingerprint
 * of everything a SQLite file holds (to show that a refusal stored nothing), and the check
 * of the one error shape every boundary answers in.
 */

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body read as JSON; undefined when it is not JSON. */
  json: any;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: OutgoingHttpHeaders;
  body?: string | Buffer;
  /** The loopback address the request comes from (127.0.0.x): each address has its own failed-sign-in count. */
  from?: string;
}

/** One HTTP request on its own connection, exactly as given: nothing is added but Host and Content-Length. */
export function rawRequest(base: string, req: RawRequest): Promise<RawAnswer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: req.method ?? 'GET',
        path: req.path,
        headers: { connection: 'close', ...(req.body !== undefined ? { 'content-length': Buffer.byteLength(req.body) } : {}), ...req.headers },
        localAddress: req.from,
        // Our own client must not refuse what the test means to send.
        maxHeaderSize: 1024 * 1024,
        insecureHTTPParser: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    // A server may answer (413, 431) before it has read everything and then close: the answer
    // counts, the broken pipe of the rest of our body does not.
    outgoing.on('error', reject);
    if (req.body !== undefined) outgoing.end(req.body);
    else outgoing.end();
  });
}

/** The one error shape of every boundary: `{error:{code,message}}`, a code and words for a person. */
export function assertErrorBody(body: unknown, code: string, message?: RegExp): void {
  assert.ok(body && typeof body === 'object' && 'error' in body, `an {error:{code,message}} body, not ${JSON.stringify(body)}`);
  const error = (body as { error: { code: unknown; message: unknown } }).error;
  assert.equal(error.code, code, `code of ${JSON.stringify(body)}`);
  assert.equal(typeof error.message, 'string');
  assert.ok((error.message as string).length > 10, 'a message in words');
  if (message) assert.match(error.message as string, message);
}

/** Per table of a SQLite file: its row count and a digest of every row, to tell whether anything was written. */
export type StoreFingerprint = Map<string, { rows: number; digest: string }>;

/**
 * Reads the file through its own read-only connection (WAL lets it read beside the writer),
 * so the fingerprint is what is on disk, not what a repository chooses to show.
 */
export function fingerprint(file: string): StoreFingerprint {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
      .all();
    const result: StoreFingerprint = new Map();
    for (const { name } of tables) {
      const rows = db.prepare(`SELECT * FROM "${name}"`).raw().all();
      const hash = createHash('sha256');
      for (const row of rows) hash.update(JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
      result.set(name, { rows: rows.length, digest: hash.digest('hex') });
    }
    return result;
  } finally {
    db.close();
  }
}

/**
 * The same for a backend's store wherever this run keeps it: its SQLite file, or its
 * PostgreSQL database (rows read through their own connection, in a fixed order).
 */
export async function storeFingerprint(dataFile: string): Promise<StoreFingerprint> {
  const { databaseUrl } = await storeLocation(dataFile);
  if (!databaseUrl) return fingerprint(dataFile);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
    const result: StoreFingerprint = new Map();
    for (const { name } of tables.rows) {
      const rows = (await client.query({ text: `SELECT * FROM "${name}"`, rowMode: 'array' })).rows.map((row) => JSON.stringify(row)).sort();
      const hash = createHash('sha256');
      for (const row of rows) hash.update(row);
      result.set(name, { rows: rows.length, digest: hash.digest('hex') });
    }
    return result;
  } finally {
    await client.end();
  }
}

/** The tables whose content differs between two fingerprints, sorted. */
export function changedTables(before: StoreFingerprint, after: StoreFingerprint): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((n) => before.get(n)?.digest !== after.get(n)?.digest).sort();
}

/** How many rows each table gained. */
export function addedRows(before: StoreFingerprint, after: StoreFingerprint, table: string): number {
  return (after.get(table)?.rows ?? 0) - (before.get(table)?.rows ?? 0);
}
