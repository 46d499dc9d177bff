import { z } from 'zod';
import { WallSettingsSchema, type WallSettings } from '../api/wall';

/**
 * A wall device's settings from its command line (`--wall --wall-names initials|full
 * --wall-rotate 20 --wall-inboxes a,b --wall-language nl`) and its environment
 * (AFTERSALES_WALL=1, AFTERSALES_WALL_NAMES, _ROTATE, _INBOXES, _LANGUAGE); the command line
 * wins. IT sets a wall up once and walks away, so a mistake stops the start with its words
 * rather than showing a wall that is not what was asked for.
 */
export interface WallStart {
  /** Started as a wall (`--wall` or AFTERSALES_WALL=1); a desktop registered as a wall shows one too. */
  wall: boolean;
  settings: WallSettings;
}

export class WallSettingsError extends Error {}

const OPTIONS = { '--wall-names': 'names', '--wall-rotate': 'rotateSeconds', '--wall-inboxes': 'inboxIds', '--wall-language': 'locale' } as const;
type Field = (typeof OPTIONS)[keyof typeof OPTIONS];
const HOST_OPTION = '--wall-listen';
const ENV: Record<Field, string> = {
  names: 'AFTERSALES_WALL_NAMES',
  rotateSeconds: 'AFTERSALES_WALL_ROTATE',
  inboxIds: 'AFTERSALES_WALL_INBOXES',
  locale: 'AFTERSALES_WALL_LANGUAGE',
};
const FLAG: Record<Field, string> = Object.fromEntries(Object.entries(OPTIONS).map(([flag, field]) => [field, flag])) as Record<Field, string>;

function isOption(name: string): name is keyof typeof OPTIONS {
  return Object.hasOwn(OPTIONS, name);
}

/** The text as the schema takes it: seconds as a number (a word stays a word, so its error names it), inboxes as a list. */
function valueOf(field: Field, text: string): unknown {
  if (field === 'rotateSeconds') return /^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : text;
  if (field === 'inboxIds') return text.split(',').map((id) => id.trim()).filter((id) => id !== '');
  return text.trim();
}

/**
 * `where` the wall shows: the app's own kiosk window, or the headless host (`npm run serve`),
 * which alone can also put it on the network (--wall-listen); the app refuses that in words
 * rather than ignore it.
 */
export function wallStartFrom(argv: readonly string[], env: Record<string, string | undefined>, where: 'app' | 'host'): WallStart {
  // Only the flag: AFTERSALES_WALL_LISTEN may be set for the whole computer for its headless host, which the app leaves to it.
  if (where === 'app' && argv.some((arg) => arg === HOST_OPTION || arg.startsWith(`${HOST_OPTION}=`))) {
    throw new WallSettingsError(`${HOST_OPTION} is for \`npm run serve -- --wall\`, where a TV's own browser opens the wall; the app shows the wall in its own window: leave it out.`);
  }
  const given: Partial<Record<Field, { text: string; from: string }>> = {};
  for (const field of Object.keys(ENV) as Field[]) {
    const text = env[ENV[field]];
    // An empty variable is one not set, as everywhere else in the configuration.
    if (text !== undefined && text.trim() !== '') given[field] = { text, from: ENV[field] };
  }
  const wallEnv = env.AFTERSALES_WALL?.trim() ?? '';
  if (wallEnv !== '' && !['0', '1', 'true', 'false'].includes(wallEnv)) {
    throw new WallSettingsError(`AFTERSALES_WALL is "${wallEnv}": set it to 1 (a wall) or 0 (a board).`);
  }
  let wall = wallEnv === '1' || wallEnv === 'true';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--wall') {
      wall = true;
      continue;
    }
    if (!arg.startsWith('--wall-')) continue;
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    // Where the host listens is the host's to read (desktop/host/wall-listen.ts), not the page's.
    if (name === HOST_OPTION && where === 'host') {
      if (eq === -1) i++;
      continue;
    }
    if (!isOption(name)) throw new WallSettingsError(`${name} is not a wall setting: the wall takes ${[...Object.keys(OPTIONS), ...(where === 'host' ? [HOST_OPTION] : [])].join(', ')}.`);
    const text = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (text === undefined || text.startsWith('--') || text.trim() === '') throw new WallSettingsError(`${name} needs a value, for example ${name} ${example(OPTIONS[name])}.`);
    given[OPTIONS[name]] = { text, from: name };
  }
  const input = Object.fromEntries(Object.entries(given).map(([field, value]) => [field, valueOf(field as Field, value.text)]));
  const parsed = WallSettingsSchema.safeParse(input);
  if (!parsed.success) throw new WallSettingsError(describe(parsed.error, given));
  return { wall, settings: parsed.data };
}

function example(field: Field): string {
  return { names: 'initials', rotateSeconds: '20', inboxIds: 'workshop,dealership', locale: 'nl' }[field];
}

function describe(error: z.ZodError, given: Partial<Record<Field, { text: string; from: string }>>): string {
  return error.issues
    .map((issue) => {
      const field = issue.path[0] as Field;
      const source = given[field];
      const from = source?.from ?? FLAG[field];
      // A list of inboxes is counted, not repeated: a pasted list of thousands would flood the terminal.
      if (field === 'inboxIds' && typeof issue.path[1] === 'number') return `${from}, inbox ${issue.path[1] + 1}: ${issue.message}.`;
      if (field === 'inboxIds' && issue.code === 'too_big') {
        const count = source ? (valueOf('inboxIds', source.text) as string[]).length : 0;
        return `${from} names ${count} inboxes; ${issue.message}.`;
      }
      return `${from} "${source?.text ?? ''}": ${issue.message}.`;
    })
    .join(' ');
}
