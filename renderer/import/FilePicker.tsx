import { useRef, useState } from 'react';
import { useI18n } from '../i18n';

/** Drop or choose one file; the dialog sends it to the core in pieces. */
export function FilePicker({ onFile }: { onFile: (file: File) => void }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  const take = (file: File | undefined) => {
    if (file) onFile(file);
  };

  return (
    <div
      className={over ? 'dropzone is-over' : 'dropzone'}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        take(e.dataTransfer.files[0]);
      }}
    >
      <span>{t('import.drop')}</span>{' '}
      <button type="button" className="link" onClick={() => input.current?.click()}>
        {t('import.pick')}
      </button>
      <input
        ref={input}
        type="file"
        accept=".csv,text/csv,text/plain"
        hidden
        aria-label={t('import.pick')}
        onChange={(e) => {
          take(e.target.files?.[0]);
          e.target.value = '';
        }}
      />
    </div>
  );
}
