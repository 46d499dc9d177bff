import { useCallback, useEffect, useRef, useState } from 'react';
import {
  IMPORT_FIELDS,
  IMPORT_PIECE_BYTES,
  MAX_IMPORT_BYTES,
  mappingProblems,
  REQUIRED_IMPORT_FIELDS,
  type ColumnMapping,
  type ImportPreview,
  type ImportReport as Report,
  type ImportReportSummary,
} from '../../src/api/import';
import { ApiCallError } from '../api/client';
import { useI18n, type Formatters } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { InboxSelect } from '../shell/InboxSelect';
import { Modal } from '../shell/Modal';
import { api, showError, useBoard } from '../state/store';
import { FilePicker } from './FilePicker';
import { takeImportProgress, useImportProgress } from './import-progress';
import { ImportProgressView } from './ImportProgressView';
import { ImportReport } from './ImportReport';
import { mappingProblemWords } from './problem-words';

interface Uploaded {
  uploadId: string;
  fileName: string;
}

type Step =
  | { kind: 'pick' }
  | { kind: 'upload'; fileName: string; percent: number }
  | { kind: 'map'; file: Uploaded; preview: ImportPreview }
  | { kind: 'run'; file: Uploaded; preview: ImportPreview }
  | { kind: 'report'; report: Report; uploadId: string | null };

const DELIMITER_NAMES: Record<string, string> = { ';': ';', ',': ',', '\t': 'tab' };
const ERROR_CODES = new Set(['EMPTY_FILE', 'LINE_TOO_LONG', 'BINARY_FILE', 'UNREADABLE_FILE']);

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The core's refusal in the user's language where it has a code for it; its own words otherwise. */
function errorWords(error: unknown, t: Formatters['t']): string {
  if (error instanceof ApiCallError && ERROR_CODES.has(error.error.code)) {
    return t(`import.error.${error.error.code}` as MessageKey, { detail: error.error.message });
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Pick or drop a dealer's CSV, check the column mapping, import, read the report. The file
 * goes to the core in pieces (any size fits either transport); the import's progress — rows
 * read, stored, and sent to the backend — shows while it runs and after.
 */
export function ImportDialog() {
  const { t, tp, number } = useI18n();
  const inboxes = useBoard((s) => s.inboxes);
  const pending = useBoard((s) => s.backend?.pending);
  const [source, setSource] = useState('dealer-export');
  const [inboxId, setInboxId] = useState(inboxes[0]?.id ?? '');
  const [step, setStep] = useState<Step>({ kind: 'pick' });
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [recent, setRecent] = useState<ImportReportSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  // The upload the core keeps for this dialog: discarded when the dialog lets go of it.
  const held = useRef<string | null>(null);

  const letGo = useCallback(() => {
    const uploadId = held.current;
    held.current = null;
    if (uploadId) api().discardImportUpload({ uploadId }).catch(showError);
  }, []);
  const close = useCallback(() => {
    letGo();
    useBoard.setState({ dialog: null });
  }, [letGo]);
  useEffect(() => letGo, [letGo]);

  useEffect(() => {
    api().listImportReports({}).then(setRecent, showError);
  }, []);

  // The outbox's count changed: ask how much of this import the backend has now.
  const following = step.kind === 'run' ? step.file.uploadId : step.kind === 'report' ? step.uploadId : null;
  useEffect(() => {
    if (!following) return;
    api().getImportProgress({ uploadId: following }).then(takeImportProgress, () => undefined);
  }, [following, pending]);
  const progress = useImportProgress((s) => (following ? s[following] : undefined));

  // Once the backend has answered for every row, the report is read again: rows it refused are listed.
  const allSent = progress !== undefined && progress.finished && progress.sent >= progress.toSend;
  const reportId = step.kind === 'report' ? step.report.id : null;
  useEffect(() => {
    if (!allSent || !reportId) return;
    api()
      .getImportReport({ id: reportId })
      .then((report) => setStep((s) => (s.kind === 'report' && s.report.id === report.id ? { ...s, report } : s)), () => undefined);
  }, [allSent, reportId]);

  const onFile = async (file: File) => {
    setError(null);
    letGo();
    if (file.size > MAX_IMPORT_BYTES) {
      setError(t('import.error.tooLarge'));
      return;
    }
    try {
      setStep({ kind: 'upload', fileName: file.name, percent: 0 });
      const { uploadId } = await api().beginImportUpload({ fileName: file.name, size: file.size });
      held.current = uploadId;
      for (let offset = 0; offset < file.size; offset += IMPORT_PIECE_BYTES) {
        const piece = new Uint8Array(await file.slice(offset, offset + IMPORT_PIECE_BYTES).arrayBuffer());
        await api().appendImportPiece({ uploadId, offset, contentBase64: toBase64(piece) });
        setStep({ kind: 'upload', fileName: file.name, percent: Math.round((100 * (offset + piece.length)) / file.size) });
      }
      const preview = await api().previewImport({ uploadId, source });
      setMapping(preview.mapping);
      setStep({ kind: 'map', file: { uploadId, fileName: file.name }, preview });
    } catch (err) {
      letGo();
      setStep({ kind: 'pick' });
      setError(errorWords(err, t));
    }
  };

  const run = async (file: Uploaded, preview: ImportPreview) => {
    setError(null);
    setStep({ kind: 'run', file, preview });
    try {
      const report = await api().runImport({ uploadId: file.uploadId, source, inboxId, mapping });
      setStep({ kind: 'report', report, uploadId: file.uploadId });
    } catch (err) {
      setStep({ kind: 'map', file, preview });
      setError(errorWords(err, t));
    }
  };

  const openReport = async (id: string) => {
    try {
      setStep({ kind: 'report', report: await api().getImportReport({ id }), uploadId: null });
    } catch (err) {
      setError(errorWords(err, t));
    }
  };

  const problems = step.kind === 'map' ? mappingProblems(mapping, step.preview.headers) : [];

  return (
    <Modal title={step.kind === 'report' ? t('import.report') : t('import.title')} onClose={close} wide>
      {error && (
        <p className="form-error import-error" role="alert">
          {error}
        </p>
      )}
      {step.kind === 'pick' && (
        <div className="form">
          <div className="grid-3">
            <label>
              {t('import.source')}
              <input value={source} onChange={(e) => setSource(e.target.value)} />
              <span className="hint">{t('import.sourceHint')}</span>
            </label>
            <InboxSelect value={inboxId} onChange={setInboxId} />
          </div>
          <FilePicker onFile={(file) => void onFile(file)} />
          <h3>{t('import.recent')}</h3>
          {recent.length === 0 && <p className="muted">{t('import.noRecent')}</p>}
          <ul className="recent-imports">
            {recent.map((r) => (
              <li key={r.id}>
                <button type="button" className="link" onClick={() => void openReport(r.id)}>
                  {r.fileName}
                </button>
                <span className="muted">
                  {' '}
                  · {r.source} · {new Date(r.importedAt).toISOString().slice(0, 10)} · {tp('import.rows', r.totalRows)} · {t('import.created')}{' '}
                  {number(r.created)} · {t('import.updated')} {number(r.updated)} · {t('import.quarantined')} {number(r.quarantinedCount)}
                  {r.finishedAt === null && <strong> · {t('import.stoppedShort')}</strong>}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {step.kind === 'upload' && (
        <div className="form">
          <p role="status">{t('import.uploading', { file: step.fileName, percent: step.percent })}</p>
          <progress max={100} value={step.percent} />
        </div>
      )}
      {step.kind === 'map' && (
        <div className="form">
          {problems.length > 0 && (
            <div className="warning mapping-problems" role="alert">
              <strong>{t('import.mappingProblems')}</strong>
              <ul>
                {problems.map((p) => (
                  <li key={`${p.code}-${p.field}`}>{mappingProblemWords(p, { t })}</li>
                ))}
              </ul>
            </div>
          )}
          <p className="muted">
            {t('import.fileInfo', {
              file: step.file.fileName,
              rows: tp('import.rows', step.preview.rowCount),
              encoding: t(`import.encoding.${step.preview.encoding}`),
              delimiter: DELIMITER_NAMES[step.preview.delimiter] ?? step.preview.delimiter,
            })}
          </p>
          <p className="muted">{step.preview.mappingRemembered ? t('import.mappingRemembered') : t('import.mappingDefault')}</p>
          <footer className="form-actions">
            <button
              type="button"
              className="button secondary"
              onClick={() => {
                letGo();
                setStep({ kind: 'pick' });
              }}
            >
              {t('import.back')}
            </button>
            <button type="button" className="button primary" disabled={problems.length > 0} onClick={() => void run(step.file, step.preview)}>
              {tp('import.run', step.preview.rowCount)}
            </button>
          </footer>
          <table className="mapping-table">
            <thead>
              <tr>
                <th>{t('import.mapping')}</th>
                <th />
                <th>{t('import.sample')}</th>
              </tr>
            </thead>
            <tbody>
              {IMPORT_FIELDS.map((field) => {
                const header = mapping[field];
                const index = header ? step.preview.headers.indexOf(header) : -1;
                return (
                  <tr key={field}>
                    <td>
                      {t(`field.${field}`)}
                      {REQUIRED_IMPORT_FIELDS.includes(field) && <span className="required"> · {t('import.required')}</span>}
                    </td>
                    <td>
                      <select
                        aria-label={t(`field.${field}`)}
                        value={header ?? ''}
                        onChange={(e) => {
                          const next = { ...mapping };
                          if (e.target.value) next[field] = e.target.value;
                          else delete next[field];
                          setMapping(next);
                        }}
                      >
                        <option value="">{t('import.notInFile')}</option>
                        {step.preview.headers.map((h) => (
                          <option key={h} value={h}>
                            {h}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td className="muted">{index >= 0 ? step.preview.sampleRows[0]?.[index] : ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {step.kind === 'run' && (
        <div className="form">
          <p className="muted">{step.file.fileName}</p>
          <p role="status">{t('import.running')}</p>
          <ImportProgressView progress={progress} total={step.preview.rowCount} />
        </div>
      )}
      {step.kind === 'report' && (
        <ImportReport key={`${step.report.id}:${step.report.refusedCount}`} report={step.report} onClose={close}>
          {progress && <ImportProgressView progress={progress} total={step.report.totalRows} />}
        </ImportReport>
      )}
    </Modal>
  );
}
