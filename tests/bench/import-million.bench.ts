import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, readFileSync, rmSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { IMPORT_PIECE_BYTES, type ImportPreview, type ImportReport } from '../../src/api/import';
import { addDays } from '../../src/domain/calendar-date';
import { localDateAt } from '../../src/domain/zoned-time';
import { DEALERSHIP, ROOT, tempDataFile } from '../support/desktop';
import { dealerCsv } from './fixtures';
import { report } from './report';

const ROWS = 1_000_000;

/** The process's resident memory now (VmRSS) and at its highest so far (VmHWM), in MB. */
function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)![1]);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** A 1,000,000-row export on disk, written in pieces (the benchmark's own memory is not measured, but kept small). */
async function writeExport(file: string): Promise<number> {
  const out = createWriteStream(file);
  // Dated from tomorrow on, a year ahead: past ones that are not finished would all be held over
  // on today's board, and the board's answer would measure that, not the import.
  const middle = addDays(localDateAt(Date.now(), DEALERSHIP.zone), 181);
  const PER_PIECE = 50_000;
  for (let from = 0; from < ROWS; from += PER_PIECE) {
    const text = dealerCsv(PER_PIECE, middle).replace(/B-(\d+);/g, (_, n: string) => `B-${from + Number(n)};`);
    // The header once, at the top.
    if (!out.write(from === 0 ? text : text.slice(text.indexOf('\n') + 1))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return statSync(file).size;
}

/** The BoardApi over the host's WebSocket, as the page in a browser uses it. */
async function connect(url: string) {
  const page = new URL(url);
  const socket = new WebSocket(`ws://${page.host}/api?token=${page.searchParams.get('token')}`, { origin: page.origin });
  await once(socket, 'open');
  const pending = new Map<number, (frame: { ok: boolean; value?: unknown; error?: { code: string; message: string } }) => void>();
  let nextId = 1;
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { kind: string; id: number; ok: boolean };
    if (frame.kind === 'result') pending.get(frame.id)?.(frame);
  });
  return {
    call<T>(method: string, params: unknown): Promise<T> {
      const id = nextId++;
      socket.send(JSON.stringify({ id, method, params }));
      return new Promise((resolve, reject) => {
        pending.set(id, (frame) => (frame.ok ? resolve(frame.value as T) : reject(new Error(`${method}: ${frame.error!.code} ${frame.error!.message}`))));
      });
    },
    close: () => socket.close(),
  };
}

/**
 * A 1,000,000-row export imported through the headless host in its own process, the way the
 * dialog does it (in pieces over the WebSocket, then previewed and run as a stream): the time,
 * the host's RSS when idle and at its peak, and how long the board waits for an answer meanwhile.
 */
export async function benchImportMillion(): Promise<void> {
  const dataFile = tempDataFile();
  const file = `${dataFile}.export.csv`;
  const size = await writeExport(file);
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/bench/import-host.ts', dataFile], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    while (!/host: (\S+)/.test(out)) await once(child.stdout!, 'data');
    const api = await connect(/host: (\S+)/.exec(out)![1]!);
    // Let start-up settle (JIT, first queries) before the idle figure.
    await api.call('getBoard', {});
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idle = memoryOf(child.pid!);

    // The host's memory every 250 ms, so that each phase's highest shows.
    let phase: 'upload' | 'preview' | 'import' = 'upload';
    const highest = { upload: 0, preview: 0, import: 0 };
    const sampler = setInterval(() => (highest[phase] = Math.max(highest[phase], memoryOf(child.pid!).rssMb)), 250);
    const t0 = performance.now();
    const { uploadId } = await api.call<{ uploadId: string }>('beginImportUpload', { fileName: 'afspraken.csv', size });
    let offset = 0;
    for await (const piece of createReadStream(file, { highWaterMark: IMPORT_PIECE_BYTES })) {
      await api.call('appendImportPiece', { uploadId, offset, contentBase64: (piece as Buffer).toString('base64') });
      offset += (piece as Buffer).length;
    }
    const uploaded = performance.now();
    phase = 'preview';
    const preview = await api.call<ImportPreview>('previewImport', { uploadId, source: 'bench' });
    const previewed = performance.now();
    phase = 'import';
    // While it imports, the board is asked for again and again, as a window would: its slowest answer.
    let importing = true;
    let slowest = 0;
    const board = (async () => {
      while (importing) {
        const asked = performance.now();
        await api.call('getBoard', {});
        slowest = Math.max(slowest, performance.now() - asked);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const result = await api.call<ImportReport>('runImport', { uploadId, source: 'bench', inboxId: 'bench', mapping: preview.mapping });
    const imported = performance.now();
    importing = false;
    await board;
    clearInterval(sampler);
    const after = memoryOf(child.pid!);
    api.close();
    if (result.created !== ROWS) throw new Error(`the import created ${result.created} of ${ROWS} (${result.quarantinedCount} quarantined)`);

    report('host_rss_idle_mb', idle.rssMb, 'MB');
    report('import_1m_rows_peak_rss_mb', after.peakMb, 'MB');
    report('import_1m_rows_peak_over_idle_mb', after.peakMb - idle.rssMb, 'MB');
    report('import_1m_rows_upload_peak_rss_mb', highest.upload, 'MB');
    report('import_1m_rows_preview_peak_rss_mb', highest.preview, 'MB');
    report('import_1m_rows_import_peak_rss_mb', highest.import, 'MB');
    report('import_1m_rows_s', (imported - previewed) / 1000, 's');
    report('import_1m_rows_upload_s', (uploaded - t0) / 1000, 's');
    report('import_1m_rows_preview_s', (previewed - uploaded) / 1000, 's');
    report('import_1m_rows_board_answer_max_ms', slowest, 'ms');
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
    rmSync(file, { force: true });
  }
}
