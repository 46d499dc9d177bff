import { createHash } from 'node:crypto';
import type { BoardApiHandlers } from '../../api/board-api';
import { ApiFailure } from '../../api/envelope';
import { readCsv, UnreadableFileError } from '../sync/csv-file';
import { csvRecords, previewOf } from '../sync/csv-import';
import { mappingProblems, unmappedHeaders } from '../sync/field-mapping';
import { runPipeline } from '../sync/import-pipeline';
import type { CoreContext } from './context';
import { queueAppointments } from './outbox-writes';

function readFile(contentBase64: string) {
  const bytes = Buffer.from(contentBase64, 'base64');
  try {
    return { bytes, table: readCsv(bytes) };
  } catch (error) {
    if (error instanceof UnreadableFileError) throw new ApiFailure('UNREADABLE_FILE', error.message);
    throw error;
  }
}

export function importHandlers(
  ctx: CoreContext,
): Pick<BoardApiHandlers, 'previewImport' | 'runImport' | 'listImportReports' | 'getImportReport'> {
  return {
    previewImport({ contentBase64, source }) {
      const { table } = readFile(contentBase64);
      return previewOf(table, ctx.importLog.mappingFor(source));
    },

    runImport({ fileName, contentBase64, source, inboxId, mapping }) {
      if (!ctx.inboxes.exists(inboxId)) throw new ApiFailure('NOT_FOUND', 'The chosen inbox does not exist.');
      const { bytes, table } = readFile(contentBase64);
      const problems = mappingProblems(mapping, table.headers);
      if (problems.length > 0) throw new ApiFailure('BAD_MAPPING', problems.join(' '));
      ctx.importLog.rememberMapping(source, mapping);
      const { report } = runPipeline(
        { ...ctx, changed: (ids) => queueAppointments(ctx, ids) },
        {
          ...ctx.dealership,
          source,
          inboxId,
          fileName,
          fileSha256: createHash('sha256').update(bytes).digest('hex'),
          recordFormat: 'csv',
          header: table.headerLine,
          ignoredColumns: unmappedHeaders(mapping, table.headers),
        },
        csvRecords(table, mapping),
        ctx.clock.now(),
      );
      ctx.sync.wake();
      ctx.emit({ type: 'import.completed', reportId: report.id });
      return report;
    },

    listImportReports() {
      return ctx.importLog.recent();
    },

    getImportReport({ id }) {
      const report = ctx.importLog.get(id);
      if (!report) throw new ApiFailure('NOT_FOUND', 'That import report does not exist.');
      return report;
    },
  };
}
