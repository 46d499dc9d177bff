import type { BoardApiHandlers } from '../api/board-api';
import type { Connection } from '../api/conversation';
import type { SourceRun, SourceView } from '../api/sources';
import type { SharedSource } from '../api/v2/source-status';
import type { Start } from '../api/first-run';

/**
 * Help → Copy diagnostics: what a dealership's IT or our support needs to see what this desktop
 * runs and how it goes, pasted into a ticket. It is built only from the fields named here —
 * versions, paths, the first-run choice, the connection line and each source's health — never
 * from settings, secrets or customers' data, so a token, a PIN, a source's password or host
 * cannot be in it. It is in English, the language the support desk reads, whatever the
 * desktop's language.
 */

export interface Versions {
  app: string;
  electron: string;
  chrome: string;
  node: string;
  os: string;
}

export interface DataPaths {
  userData: string;
  dataFile: string;
  logFile: string;
}

/** A part read from the core, or the words of why it could not be read (the rest is still worth copying). */
export type Read<T> = { ok: true; value: T } | { ok: false; error: string };

export interface CoreState {
  start: Read<Start>;
  connection: Read<Connection>;
  sources: Read<SourceView[]>;
  sharedSources: Read<SharedSource[]>;
}

export interface DiagnosticsInput {
  at: number;
  versions: Versions;
  paths: DataPaths;
  core: CoreState;
}

async function attempt<T>(read: () => T | Promise<T>): Promise<Read<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Reads the core's part through the BoardApi, as a window would; a part that fails says why. */
export async function readCoreState(
  handlers: Pick<BoardApiHandlers, 'getStart' | 'getConnection' | 'listSources' | 'listSharedSources'>,
): Promise<CoreState> {
  const [start, connection, sources, sharedSources] = await Promise.all([
    attempt(() => handlers.getStart({})),
    attempt(() => handlers.getConnection({})),
    attempt(() => handlers.listSources({})),
    attempt(() => handlers.listSharedSources({})),
  ]);
  return { start, connection, sources, sharedSources };
}

const when = (ms: number | null | undefined) => (ms === null || ms === undefined ? 'never' : new Date(ms).toISOString());

function lastRun(run: SourceRun | null): string {
  if (!run) return 'not run yet';
  // A failed run's words are the last error, shown beside it; an ok run's are about single files.
  return `${run.outcome} at ${when(run.finishedAt)}${run.outcome === 'ok' && run.message ? ` (${run.message})` : ''}`;
}

function part<T>(read: Read<T>, lines: (value: T) => string[]): string[] {
  return read.ok ? lines(read.value) : [`  could not be read: ${read.error}`];
}

export function diagnosticsText(input: DiagnosticsInput): string {
  const { versions, paths, core } = input;
  const lines = [
    `Aftersales Board diagnostics, ${when(input.at)}`,
    '',
    'Versions',
    `  app ${versions.app}, Electron ${versions.electron}, Chrome ${versions.chrome}, Node ${versions.node}`,
    `  ${versions.os}`,
    '',
    'Data',
    `  user data: ${paths.userData}`,
    `  cache: ${paths.dataFile}`,
    `  log: ${paths.logFile}`,
    '',
    'Start',
    ...part(core.start, (s) => [`  first-run choice: ${s.choice ?? 'none yet (the first-run screen shows)'}${s.canLeaveDemo ? ', the demo shows over this computer’s own board' : ''}`]),
    '',
    'Connection',
    ...part(core.connection, (c) => [
      `  ${c.mode}, ${c.online ? 'online' : `offline since ${when(c.offlineSince)}`}`,
      `  changes not yet acknowledged: ${c.pending}`,
      ...(c.waitingFor.length > 0 ? [`  people signed out with changes waiting: ${c.waitingFor.length}`] : []),
      ...(c.lastError ? [`  last error: ${c.lastError}`] : []),
    ]),
    '',
    'Sources on this desktop',
    ...part(core.sources, (sources) =>
      sources.length === 0
        ? ['  none']
        : sources.map((s) => {
            const h = s.health;
            const state = [
              s.enabled ? 'on' : 'off',
              h.running ? 'running now' : `last ${lastRun(h.lastRun)}`,
              `next ${when(h.nextRunAt)}`,
              `failures in a row: ${h.failuresInARow}`,
              `rows quarantined: ${h.quarantinedOpen}`,
              ...(h.waiting ? [`waiting: ${h.waiting}`] : []),
              ...(h.lastError ? [`last error at ${when(h.lastError.at)}: ${h.lastError.message}`] : []),
            ];
            return `  ${s.name} (${s.settings.kind}): ${state.join('; ')}`;
          }),
    ),
    '',
    'Sources other desktops pull',
    ...part(core.sharedSources, (shared) =>
      shared.length === 0
        ? ['  none']
        : shared.map(({ status: s, updatedAt }) => {
            const state = [
              `pulled by ${s.pulledBy}`,
              s.enabled ? 'on' : 'off',
              `last ${lastRun(s.lastRun)}`,
              `failures in a row: ${s.failuresInARow}`,
              `rows quarantined: ${s.quarantinedOpen}`,
              ...(s.lastError ? [`last error at ${when(s.lastError.at)}: ${s.lastError.message}`] : []),
              `told ${when(updatedAt)}`,
            ];
            return `  ${s.name} (${s.kind}): ${state.join('; ')}`;
          }),
    ),
  ];
  return `${lines.join('\n')}\n`;
}
