import { createHash, randomUUID, type Hash } from 'node:crypto';
import { createReadStream, readdirSync, rmSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { ApiFailure } from '../../api/envelope';
import type { Clock } from '../../ports/clock';

interface Upload {
  id: string;
  fileName: string;
  path: string;
  size: number;
  received: number;
  hash: Hash;
  sha256: string | null;
  touchedAt: number;
  /** An import reads the file now: it is not discarded under it. */
  busy: boolean;
}

/** A staged file the import reads from disk. */
export interface StagedFile {
  fileName: string;
  sha256: string;
  /** The file's bytes as they stream from disk. */
  read(): AsyncIterable<Uint8Array>;
}

/** An upload left alone this long was given up (the dialog closed without a word): its file goes. */
const ABANDONED_MS = 60 * 60 * 1000;

/**
 * Files being imported, received in pieces (each one BoardApi call, so that any size fits both
 * transports) and kept beside the cache in a file only this user can read (0600), never whole
 * in memory. A file is removed when its import is done or the upload is discarded; one an
 * earlier run of the app left behind is removed when the core starts.
 */
export class ImportUploads {
  private readonly uploads = new Map<string, Upload>();
  private readonly folder: string;
  private readonly prefix: string;

  constructor(
    dataFile: string,
    private readonly clock: Clock,
  ) {
    this.folder = dataFile === ':memory:' ? tmpdir() : dirname(dataFile);
    this.prefix = `${basename(dataFile)}.upload-`;
    for (const name of readdirSync(this.folder)) {
      if (name.startsWith(this.prefix)) rmSync(join(this.folder, name), { force: true });
    }
  }

  async begin(fileName: string, size: number): Promise<string> {
    await this.dropAbandoned();
    const id = randomUUID();
    const path = join(this.folder, `${this.prefix}${id}`);
    await (await open(path, 'wx', 0o600)).close();
    this.uploads.set(id, { id, fileName, path, size, received: 0, hash: createHash('sha256'), sha256: null, touchedAt: this.clock.now(), busy: false });
    return id;
  }

  /** Appends a piece at `offset`; a piece sent again (a retry after a lost answer) is recognised and not written twice. */
  async append(id: string, offset: number, bytes: Buffer): Promise<number> {
    const upload = this.get(id);
    upload.touchedAt = this.clock.now();
    if (offset + bytes.length <= upload.received) return upload.received;
    if (offset !== upload.received) {
      throw new ApiFailure('UPLOAD_OUT_OF_ORDER', `The piece at byte ${offset} does not follow the ${upload.received} bytes received so far.`);
    }
    if (upload.received + bytes.length > upload.size) {
      throw new ApiFailure('UPLOAD_TOO_LONG', `The file is longer than the ${upload.size} bytes announced.`);
    }
    const handle = await open(upload.path, 'a');
    try {
      await handle.write(bytes);
    } finally {
      await handle.close();
    }
    upload.hash.update(bytes);
    upload.received += bytes.length;
    return upload.received;
  }

  /** The whole file, to preview or import; refused while pieces are missing. */
  complete(id: string): StagedFile {
    const upload = this.get(id);
    if (upload.received !== upload.size) {
      throw new ApiFailure('UPLOAD_INCOMPLETE', `Only ${upload.received} of the file's ${upload.size} bytes have arrived.`);
    }
    upload.sha256 ??= upload.hash.digest('hex');
    upload.touchedAt = this.clock.now();
    // Small reads: the records of one read are in memory together while they are taken (a
    // 1,000,000-row import peaked ~50 MB higher with 256 KiB reads).
    return { fileName: upload.fileName, sha256: upload.sha256, read: () => createReadStream(upload.path, { highWaterMark: 64 * 1024 }) };
  }

  /** Runs `work` with the upload kept from being discarded meanwhile; only one import of an upload at a time. */
  async using<T>(id: string, work: () => Promise<T>): Promise<T> {
    const upload = this.get(id);
    if (upload.busy) throw new ApiFailure('UPLOAD_BUSY', 'This file is being imported already.');
    upload.busy = true;
    try {
      return await work();
    } finally {
      upload.busy = false;
      upload.touchedAt = this.clock.now();
    }
  }

  async discard(id: string): Promise<void> {
    const upload = this.uploads.get(id);
    if (!upload || upload.busy) return;
    this.uploads.delete(id);
    await rm(upload.path, { force: true });
  }

  private get(id: string): Upload {
    const upload = this.uploads.get(id);
    if (!upload) throw new ApiFailure('NOT_FOUND', 'That file is no longer here: choose it again.');
    return upload;
  }

  private async dropAbandoned(): Promise<void> {
    const now = this.clock.now();
    for (const upload of [...this.uploads.values()]) {
      if (!upload.busy && now - upload.touchedAt > ABANDONED_MS) await this.discard(upload.id);
    }
  }
}
