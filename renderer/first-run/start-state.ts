import { create } from 'zustand';
import type { Start } from '../../src/api/first-run';
import type { Connection } from '../api/client';
import { api, useBoard } from '../state/store';

/** What this board was set up as; null until the core has said. */
export const useStart = create<{ start: Start | null }>(() => ({ start: null }));

export async function refreshStart(): Promise<void> {
  useStart.setState({ start: await api().getStart({}) });
}

const watched = new WeakSet<Connection>();

/**
 * Follows the core's start.changed: another board now shows (the demo was entered or left), or
 * the first-run choice was made. What showed of the other board goes: its open card and
 * dialogs; the connection dialog stays when it made the choice, to show its outcome.
 */
export function watchStart(connection: Connection): void {
  if (watched.has(connection)) return;
  watched.add(connection);
  connection.onEvent((event) => {
    if (event.type !== 'start.changed') return;
    useStart.setState({ start: event.start });
    useBoard.setState((s) => ({ detailsId: null, view: 'board', dialog: s.dialog === 'connection' ? 'connection' : null }));
  });
}

/** A copy of the work made on this standalone desktop, saved by the browser (or Electron's Save dialog) as JSON. */
export async function downloadStandaloneWork(): Promise<void> {
  const copy = await api().exportStandaloneWork({});
  const url = URL.createObjectURL(new Blob([JSON.stringify(copy, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `aftersales-board-${copy.exportedAt.slice(0, 10)}.json`;
  link.click();
  URL.revokeObjectURL(url);
}
