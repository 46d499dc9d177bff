import { useEffect, useState } from 'react';
import { IMPORT_FIELDS, REQUIRED_IMPORT_FIELDS, type ColumnMapping, type ImportPreview, type ImportReport as Report, type ImportReportSummary } from '../../src/api/import';
import { useI18n } from '../i18n';
import { InboxSelect } from '../shell/InboxSelect';
import { Modal } from '../shell/Modal';
import { api, showError, useBoard } from '../state/store';
import { FilePicker, type PickedFile } from './FilePicker';
import { ImportReport } from './ImportReport';

type Step = { kind: 'pick' } | { kind: 'map'; file: PickedFile; preview: ImportPreview } | { kind: 'report'; report: Report };

const DELIMITER_NAMES: Record<string, string> = { ';': ';', ',': ',', '\t': 'tab' };

/** Pick or drop a dealer's CSV, check the column mapping, import, read the report. */
export function ImportDialog() {
  const { t, shortDate, time } = useI18n();
  const inboxes = useBoard((s) => s.inboxes);
  const close = () => useBoard.setState({ dialog: null });
  const [source, setSource] = useState('dealer-export');
  const [inboxId, setInboxId] = useState(inboxes[0]?.id ?? '');
  const [step, setStep] = useState<Step>({ kind: 'pick' });
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [recent, setRecent] = useState<ImportReportSummary[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api().listImportReports({}).then(setRecent, showError);
  }, []);

  const onFile = async (file: PickedFile) => {
    setError(null);
    try {
      const preview = await api().previewImport({ ...file, source });
      setMapping(preview.mapping);
      setStep({ kind: 'map', file, preview });
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const run = async (file: PickedFile) => {
    setBusy(true);
    setError(null);
    try {
      setStep({ kind: 'report', report: await api().runImport({ ...file, source, inboxId, mapping }) });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const openReport = async (id: string) => {
    try {
      setStep({ kind: 'report', report: await api().getImportReport({ id }) });
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <Modal title={step.kind === 'report' ? t('import.report') : t('import.title')} onClose={close} wide>
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
          <FilePicker onFile={onFile} onError={setError} />
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
                  · {r.source} · {shortDate(new Date(r.importedAt).toISOString().slice(0, 10))} {time(r.importedAt)} ·{' '}
                  {t('import.created')} {r.created} · {t('import.updated')} {r.updated} · {t('import.quarantined')}{' '}
                  {r.quarantinedCount}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {step.kind === 'map' && (
        <div className="form">
          <p className="muted">
            {t('import.fileInfo', {
              file: step.file.fileName,
              rows: step.preview.rowCount,
              encoding: step.preview.encoding,
              delimiter: DELIMITER_NAMES[step.preview.delimiter] ?? step.preview.delimiter,
            })}
          </p>
          <p className="muted">{step.preview.mappingRemembered ? t('import.mappingRemembered') : t('import.mappingDefault')}</p>
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
          <footer className="form-actions">
            <button type="button" className="button secondary" onClick={() => setStep({ kind: 'pick' })}>
              {t('import.back')}
            </button>
            <button type="button" className="button primary" disabled={busy} onClick={() => void run(step.file)}>
              {busy ? t('import.running') : t('import.run', { rows: step.preview.rowCount })}
            </button>
          </footer>
        </div>
      )}
      {step.kind === 'report' && <ImportReport report={step.report} onClose={close} />}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}
