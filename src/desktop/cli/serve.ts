import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { demoSettingsFrom, describeDemoChannels, startDemoSystem } from '../../backend/demo/demo-system';
import { systemClock } from '../../ports/clock';
import { localDateAt } from '../../domain/zoned-time';
import { backendEndpointFrom } from '../backend-settings';
import { startHeadlessHost } from '../host/headless-host';
import { dataFilePath, prepareDataFolder, userDataFolder } from '../paths';
import { FileSecretStore } from '../secrets/file-secret-store';
import type { Workstation } from '../workstation';
import type { Inbox } from '../../api/appointment';
import { dealershipFromEnv, startWorkstationFromEnv } from './configuration';
import { openInSystemBrowser } from './system-browser';
import { wallStartFrom } from '../../shell/wall-settings';
import { windowKindFor } from '../../shell/wall-window';
import { hostPortFrom } from '../host/host-port';
import { wallListenFrom, wallListenProblem } from '../host/wall-listen';
import { keptWallToken } from '../host/wall-token';
import { chooseWallInboxes, wallInboxProblem } from '../../domain/wall-inboxes';

/**
 * `npm run serve`: the desktop core in the headless host, for a browser on this PC. With
 * AFTERSALES_BACKEND_URL it joins the organisation's backend. Without, it starts in the demo
 * (its own data file, the built-in backend with the WhatsApp simulator, the sample data) unless
 * this computer's own board was set up already; leaving the demo shows that board, or its
 * first-run screen.
 */
async function main(): Promise<void> {
  // Checked first: a wall's settings in error stop the start before anything is opened.
  const wallStart = wallStartFrom(process.argv.slice(2), process.env, 'host');
  const wallListen = wallListenFrom(process.argv.slice(2), process.env);
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(2));
  const folder = userDataFolder();
  const dataFile = dataFilePath(folder);
  prepareDataFolder(dirname(dataFile));
  const secrets = new FileSecretStore(dirname(dataFile));
  const fromEnvironment = backendEndpointFrom(process.env, secrets);
  let simulator: string | null = null;
  let channelLines: string[] = [];
  const station = await startWorkstationFromEnv({
    dataFile,
    logger,
    secrets,
    sampleDir: fileURLToPath(new URL('../../../resources/sample', import.meta.url)),
    backend: fromEnvironment ? { endpoint: fromEnvironment, managedBy: 'environment' } : undefined,
    whenUndecided: 'demo',
    openBrowser: openInSystemBrowser,
    demoBackend: async () => {
      // WHATSAPP_* / TWILIO_* given: the demo's channels are those real ones; else the simulators'.
      const demo = await startDemoSystem({
        dataFile: join(dirname(dataFile), 'backend', 'backend.sqlite'),
        country: dealershipFromEnv().country,
        clock: systemClock,
        logger,
        ...demoSettingsFrom(process.env),
      });
      simulator = demo.simulator?.url ?? null;
      channelLines = describeDemoChannels(demo);
      return {
        backend: { endpoint: { url: demo.backend.url, token: demo.token }, managedBy: 'built-in' },
        async close() {
          simulator = null;
          channelLines = [];
          await demo.close();
        },
      };
    },
  });
  const deviceRole = (await station.handlers.getSession({})).device?.role ?? null;
  const wall = windowKindFor({ wallFlag: wallStart.wall, deviceRole }) === 'wall';
  if (wallListen && !wall) {
    await station.close();
    throw new Error('--wall-listen puts a wall on the network, and this is no wall: add --wall (an advisor’s board stays on 127.0.0.1).');
  }
  const inboxLines = wall ? await wallInboxLines(station, wallStart.settings.inboxIds) : [];
  // A wall keeps its address across restarts: the same port and the same token (kept beside the data file).
  const port = hostPortFrom(process.argv.slice(2), process.env, wall);
  const host = await startHeadlessHost({
    core: station,
    logger,
    rendererDir: fileURLToPath(new URL('../../../dist/renderer', import.meta.url)),
    port,
    wall: wall ? wallStart.settings : undefined,
    wallToken: wall ? keptWallToken(dirname(dataFile)) : undefined,
    wallListen: wallListen ?? undefined,
  }).catch(async (error: unknown) => {
    // The cache and the demo's backend are closed whole before the start ends.
    await station.close();
    const problem = wallListen && wallListenProblem(error, wallListen);
    if (problem) throw new Error(problem);
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new Error(`port ${port} is in use (another Aftersales Board, or another program): stop that one, or give another with --port N or AFTERSALES_PORT.`);
  });
  const lanLines = host.lanWallUrls.map((url) => `  wall on the network: ${url}`);
  // Full names leave this computer in plain HTTP: whoever sets that up is told so where they look.
  if (lanLines.length > 0 && wallStart.settings.names === 'full') lanLines.push('    (with --wall-names full: anyone on that network who has the address sees customers’ full names)');
  const wallLine = host.wallUrl ? [`  wall:    ${host.wallUrl}`, ...lanLines] : [];
  const lines = ['Aftersales Board', ...(await describe(station, simulator)), ...channelLines, `  open:    ${host.url}`, ...wallLine, ...inboxLines, ''];
  process.stdout.write(lines.join('\n'));
  const stop = async () => {
    await host.close();
    await station.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * The organisation's inboxes, id and name, for whoever sets the wall up: `--wall-inboxes` takes
 * either, and the board shows only names. A name two inboxes share stops the start in words.
 */
async function wallInboxLines(station: Workstation, given: readonly string[] | null): Promise<string[]> {
  const every = await firstInboxes(station);
  const choice = chooseWallInboxes(given, every);
  const problem = wallInboxProblem(choice);
  if (problem !== null) {
    await station.close();
    throw new Error(problem);
  }
  const shown = new Set(choice.inboxes.map((inbox) => inbox.id));
  const width = Math.max(0, ...every.map((inbox) => inbox.id.length));
  return [
    every.length === 0 ? '  inboxes: none known yet (the wall shows them once the backend has sent them)' : '  inboxes (id, name; * on this wall; --wall-inboxes takes either):',
    ...every.map((inbox) => `    ${shown.has(inbox.id) ? '*' : ' '} ${inbox.id.padEnd(width)}  ${inbox.name}`),
    ...choice.unknown.map((word) => `    ! "${word}" is no inbox's id or name: the wall says so on screen`),
  ];
}

/** A wall joined a moment ago has not read its organisation yet: its inboxes, once the backend sent them (or none after a while, when it is away). */
const FIRST_INBOXES_MS = 15_000;

async function firstInboxes(station: Workstation): Promise<Inbox[]> {
  const now = await station.handlers.listInboxes({});
  if (now.length > 0 || (await station.handlers.getConnectionSettings({})).url === null) return now;
  return new Promise((resolve) => {
    const done = (inboxes: Inbox[]) => {
      clearTimeout(timer);
      off();
      resolve(inboxes);
    };
    const timer = setTimeout(() => done([]), FIRST_INBOXES_MS);
    const off = station.subscribe(() => {
      // The handlers answer directly or as a promise: both are awaited alike.
      void Promise.resolve(station.handlers.listInboxes({})).then((inboxes) => inboxes.length > 0 && done(inboxes));
    });
  });
}

/** Where the shown board's data lives, its backend, and in the demo the curl that makes a customer answer. */
async function describe(station: Workstation, simulator: string | null): Promise<string[]> {
  const { dataFile } = station.current().context;
  const { url } = await station.handlers.getConnectionSettings({});
  const demo = station.start().choice === 'demo';
  const lines = [`  data:    ${dataFile}`, `  backend: ${url ?? 'none (this board has not joined one)'}${simulator ? ' (built in, with the demo’s channels)' : ''}`];
  if (!demo || !simulator) return lines;
  // The demo customer to answer: the first of today's appointments that has a phone.
  const board = await station.handlers.getBoard({});
  const today = localDateAt(Date.now(), board.zone);
  for (const card of board.cards.filter((c) => c.localDate === today).sort((a, b) => a.startsAt - b.startsAt)) {
    const phone = (await station.handlers.getAppointment({ id: card.id })).contact?.phone;
    if (!phone) continue;
    lines.push(
      `  a customer replies: curl -X POST ${simulator}/simulator/customers/${phone.slice(1)}/reply \\`,
      `                        -H 'content-type: application/json' -d '{"text":"Hallo"}'`,
    );
    break;
  }
  return lines;
}

main().catch((error: unknown) => {
  process.stderr.write(`Aftersales Board could not start: ${(error as Error).message}\n`);
  process.exit(1);
});
