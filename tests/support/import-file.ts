import { IMPORT_PIECE_BYTES, type ColumnMapping, type ImportPreview, type ImportReport } from '../../src/api/import';
import type { DesktopCore } from '../../src/desktop/core';

/** A BoardApi call through the core's dispatcher (validated both ways, as a transport does); a refusal throws with its code. */
export async function call<T>(core: DesktopCore, method: string, params: unknown): Promise<T> {
  const answer = await core.dispatch(method, params);
  if (!answer.ok) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
  return answer.value as T;
}

/** Sends a file to the core the way the import dialog does: announced, then piece by piece. */
export async function uploadFile(core: DesktopCore, fileName: string, bytes: Buffer, pieceBytes = IMPORT_PIECE_BYTES): Promise<string> {
  const { uploadId } = await call<{ uploadId: string }>(core, 'beginImportUpload', { fileName, size: bytes.length });
  for (let offset = 0; offset < bytes.length; offset += pieceBytes) {
    await call(core, 'appendImportPiece', { uploadId, offset, contentBase64: bytes.subarray(offset, offset + pieceBytes).toString('base64') });
  }
  return uploadId;
}

/** Upload, preview, import with the previewed mapping (or the one given): the dialog's path. */
export async function importFile(
  core: DesktopCore,
  bytes: Buffer,
  options: { mapping?: ColumnMapping; source?: string; inboxId?: string; fileName?: string } = {},
): Promise<ImportReport> {
  const source = options.source ?? 'planit';
  const uploadId = await uploadFile(core, options.fileName ?? 'export.csv', bytes);
  const preview = await call<ImportPreview>(core, 'previewImport', { uploadId, source });
  return call<ImportReport>(core, 'runImport', {
    uploadId,
    source,
    inboxId: options.inboxId ?? 'dealership-amsterdam',
    mapping: options.mapping ?? preview.mapping,
  });
}
