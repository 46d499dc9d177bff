import type { BoardApiHandlers } from '../../api/board-api';
import { ApiFailure } from '../../api/envelope';
import { mappingProblems, type ImportProgress } from '../../api/import';
import { openCsv, UnreadableFileError, type CsvStream } from '../sync/csv-file';
import { previewOf, streamedCsvRecords } from '../sync/csv-import';
import { mappingProblemsInWords, unmappedHeaders } from '../sync/field-mapping';
import { importStream } from '../sync/import-pipeline';
import { ImportUploads, type StagedFile } from '../sync/import-upload';
import type { CoreContext } from './context';
import { queueAppointments } from './outbox-writes';

/** A file's read failure as the caller's error: its code says which, for the renderer to word. */
async function reading<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UnreadableFileError) throw new ApiFailure(error.code, error.message);
    throw error;
  }
}

/**
 * How one file import goes, for the dialog: the counts after each chunk, and which of the
 * outbox jobs it queued the backend has taken. Each chunk's jobs are bracketed by the outbox's
 * job numbers as it queues them; a chunk counts as sent once none of its jobs waits.
 */
class ImportTracker {
  private readonly chunks: Array<{ after: number; upTo: number; count: number; sent: boolean }> = [];
  readonly progress: ImportProgress;

  constructor(
    private readonly ctx: CoreContext,
    uploadId: string,
  ) {
    this.progress = { uploadId, read: 0, stored: 0, quarantined: 0, revised: 0, toSend: 0, sent: 0, finished: false };
  }

  /** Inside a chunk's transaction: its changed appointments go to the outbox. */
  queue(ids: string[], importId: string): void {
    const after = this.ctx.outbox.lastSeq();
    queueAppointments(this.ctx, ids, importId);
    const upTo = this.ctx.outbox.lastSeq();
    if (upTo === after) return;
    this.chunks.push({ after, upTo, count: ids.length, sent: false });
    this.progress.toSend += ids.length;
  }

  counted(counts: { totalRows: number; quarantined: number; revised: number }): void {
    this.progress.read = counts.totalRows;
    this.progress.stored = counts.totalRows - counts.quarantined;
    this.progress.quarantined = counts.quarantined;
    this.progress.revised = counts.revised;
  }

  now(): ImportProgress {
    for (const chunk of this.chunks) {
      if (chunk.sent || this.ctx.outbox.waitingBetween(chunk.after, chunk.upTo) > 0) continue;
      chunk.sent = true;
      this.progress.sent += chunk.count;
    }
    return { ...this.progress };
  }
}

type ImportMethods =
  | 'beginImportUpload'
  | 'appendImportPiece'
  | 'discardImportUpload'
  | 'previewImport'
  | 'runImport'
  | 'getImportProgress'
  | 'listImportReports'
  | 'getImportReport'
  | 'getImportRows';

/**
 * A file import from the dialog: the file arrives in pieces and is kept on disk, is previewed
 * and imported as a stream (csv-file, import-pipeline), chunk by chunk, with its progress told
 * to every window; its staged copy is removed once it is imported.
 */
export function importHandlers(ctx: CoreContext): Pick<BoardApiHandlers, ImportMethods> {
  const uploads = new ImportUploads(ctx.dataFile, ctx.clock);
  const trackers = new Map<string, ImportTracker>();

  const open = (file: StagedFile): Promise<CsvStream> => reading(() => openCsv(file.read));

  return {
    async beginImportUpload({ fileName, size }) {
      return { uploadId: await uploads.begin(fileName, size) };
    },

    async appendImportPiece({ uploadId, offset, contentBase64 }) {
      return { received: await uploads.append(uploadId, offset, Buffer.from(contentBase64, 'base64')) };
    },

    async discardImportUpload({ uploadId }) {
      trackers.delete(uploadId);
      await uploads.discard(uploadId);
      return null;
    },

    async previewImport({ uploadId, source }) {
      const file = uploads.complete(uploadId);
      return reading(async () => previewOf(await open(file), ctx.importLog.mappingFor(source)));
    },

    async runImport({ uploadId, source, inboxId, mapping }) {
      if (!ctx.inboxes.exists(inboxId)) throw new ApiFailure('NOT_FOUND', 'The chosen inbox does not exist.');
      const report = await uploads.using(uploadId, async () => {
        const file = uploads.complete(uploadId);
        const csv = await open(file);
        const problems = mappingProblems(mapping, csv.headers);
        if (problems.length > 0) throw new ApiFailure('BAD_MAPPING', mappingProblemsInWords(problems));
        ctx.importLog.rememberMapping(source, mapping);
        const tracker = new ImportTracker(ctx, uploadId);
        trackers.set(uploadId, tracker);
        const outcome = await reading(() =>
          importStream(
            { ...ctx, changed: (ids, importId) => tracker.queue(ids, importId) },
            {
              ...ctx.dealership,
              // The inbox's workshop clock and phone country, as the backend tells them.
              ...ctx.inboxes.placeOf(inboxId, ctx.dealership),
              source,
              inboxId,
              fileName: file.fileName,
              fileSha256: file.sha256,
              recordFormat: 'csv',
              header: csv.headerLine,
              ignoredColumns: unmappedHeaders(mapping, csv.headers),
            },
            streamedCsvRecords(csv, mapping),
            ctx.clock.now(),
            (counts) => {
              tracker.counted(counts);
              ctx.sync.wake();
              ctx.emit({ type: 'import.progress', progress: tracker.now() });
            },
          ),
        );
        tracker.progress.finished = true;
        ctx.emit({ type: 'import.progress', progress: tracker.now() });
        ctx.emit({ type: 'import.completed', reportId: outcome.id });
        return ctx.importLog.get(outcome.id)!;
      });
      // Imported: the staged copy goes. After a failure it stays, to import again with the mapping fixed.
      await uploads.discard(uploadId);
      return report;
    },

    getImportProgress({ uploadId }) {
      const tracker = trackers.get(uploadId);
      if (!tracker) throw new ApiFailure('NOT_FOUND', 'That import is not running here.');
      return tracker.now();
    },

    listImportReports() {
      return ctx.importLog.recent();
    },

    getImportReport({ id }) {
      const report = ctx.importLog.get(id);
      if (!report) throw new ApiFailure('NOT_FOUND', 'That import report does not exist.');
      return report;
    },

    getImportRows({ id, offset, limit }) {
      if (!ctx.importLog.get(id)) throw new ApiFailure('NOT_FOUND', 'That import report does not exist.');
      return ctx.importLog.rows(id, offset, limit);
    },
  };
}
