import { create } from 'zustand';
import type { ImportProgress } from '../../src/api/import';

/** The latest progress of each file import this window follows, by upload (from `import.progress` events). */
export const useImportProgress = create<Record<string, ImportProgress>>(() => ({}));

export function takeImportProgress(progress: ImportProgress): void {
  useImportProgress.setState({ [progress.uploadId]: progress });
}
