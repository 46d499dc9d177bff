import { useRef, useState } from 'react';
import { useI18n } from '../i18n';

export interface PickedFile {
  fileName: string;
  contentBase64: string;
}

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function FilePicker({ onFile, onError }: { onFile: (file: PickedFile) => void; onError: (message: string) => void }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  const take = async (file: File | undefined) => {
    if (!file) return;
    try {
      onFile({ fileName: file.name, contentBase64: await toBase64(file) });
    } catch (error) {
      onError((error as Error).message);
    }
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
        void take(e.dataTransfer.files[0]);
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
        onChange={(e) => void take(e.target.files?.[0])}
      />
    </div>
  );
}
