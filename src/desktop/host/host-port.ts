import { z } from 'zod';
import { optionText } from './option-text';

/**
 * The port a wall's host answers on when none is given: a browser wall keeps the address it was
 * set up with, so the host must come back on the same one after a restart (a free port would
 * change each time).
 */
export const WALL_DEFAULT_PORT = 4870;

const PortSchema = z.coerce
  .number({ message: 'is not a number' })
  .int('is not a whole number')
  .min(0, 'is below 0')
  .max(65535, 'is above 65535, the highest port');

export class HostPortError extends Error {}

/**
 * The headless host's port from `--port 4870` (or `--port=4870`) or AFTERSALES_PORT; the
 * command line wins. Without either a wall takes WALL_DEFAULT_PORT and a board a free port
 * (0), whose address is printed at each start.
 */
export function hostPortFrom(argv: readonly string[], env: Record<string, string | undefined>, wall: boolean): number {
  const given = optionText(argv, env, '--port', 'AFTERSALES_PORT', () => new HostPortError(`--port needs a value, for example --port ${WALL_DEFAULT_PORT}.`));
  if (!given) return wall ? WALL_DEFAULT_PORT : 0;
  const parsed = PortSchema.safeParse(given.text);
  if (!parsed.success) throw new HostPortError(`${given.from} "${given.text}" ${parsed.error.issues[0]!.message}: give a port from 1 to 65535 (0: any free one).`);
  return parsed.data;
}
