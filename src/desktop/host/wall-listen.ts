import { isIP } from 'node:net';
import type { NetworkInterfaceInfo } from 'node:os';
import { z } from 'zod';
import { optionText } from './option-text';

/**
 * Where the wall answers on the workshop's network, for a television's browser (a TV stick):
 * `--wall-listen 0.0.0.0` (every network of this computer), `--wall-listen 192.168.1.20` (one),
 * or with a port, `192.168.1.20:4871` / `[fe80::1]:4871`; or AFTERSALES_WALL_LISTEN. The board
 * itself stays on 127.0.0.1: only the wall's page, scripts and read-only socket are on it.
 */
export interface WallListen {
  host: string;
  port: number;
}

/** The port the wall answers on in the network when none is given: the next after the host's own 4870. */
export const WALL_LAN_DEFAULT_PORT = 4871;

export class WallListenError extends Error {}

const PortSchema = z.coerce.number().int().min(1).max(65535);

/** The listen address from the command line (which wins) or the environment; null: the wall is on this computer only. */
export function wallListenFrom(argv: readonly string[], env: Record<string, string | undefined>): WallListen | null {
  const given = optionText(
    argv,
    env,
    '--wall-listen',
    'AFTERSALES_WALL_LISTEN',
    () => new WallListenError('--wall-listen needs an address of this computer, for example --wall-listen 0.0.0.0 (every network) or --wall-listen 192.168.1.20:4871.'),
  );
  return given ? parseListen(given.text, given.from) : null;
}

function parseListen(text: string, from: string): WallListen {
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  const colons = (text.match(/:/g) ?? []).length;
  // An IPv6 address without brackets has several colons and no port; one colon separates a port.
  const [host, portText] = bracketed ? [bracketed[1]!, bracketed[2]] : colons === 1 ? (text.split(':') as [string, string]) : [text, undefined];
  if (isIP(host) === 0) {
    throw new WallListenError(
      `${from} "${text}": "${host}" is not an IP address. Give the computer's IP address (for example 192.168.1.20; a name is not taken), or 0.0.0.0 for every network.`,
    );
  }
  if (portText === undefined) return { host, port: WALL_LAN_DEFAULT_PORT };
  // Digits only: Number() would also take 0x1388 or 1e3, which nobody means as a port.
  const port = /^\d+$/.test(portText) ? PortSchema.safeParse(portText) : null;
  if (!port?.success) throw new WallListenError(`${from} "${text}": "${portText}" is not a port; give one from 1 to 65535, or leave it out for ${WALL_LAN_DEFAULT_PORT}.`);
  return { host, port: port.data };
}

/**
 * The addresses to give a television: the one listened on, or for 0.0.0.0 / :: each of this
 * computer's own network addresses (not loopback: a television cannot reach that).
 */
export function lanWallUrls(host: string, port: number, interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string[] {
  const every = host === '0.0.0.0' || host === '::';
  const hosts = every
    ? Object.values(interfaces)
        .flatMap((list) => list ?? [])
        // A link-local IPv6 address needs its zone in a URL, which televisions' browsers do not take.
        .filter((info) => !info.internal && (info.family === 'IPv4' || (host === '::' && !info.address.startsWith('fe80'))))
        .map((info) => info.address)
    : [host];
  return hosts.map((address) => `http://${isIP(address) === 6 ? `[${address}]` : address}:${port}`);
}

/**
 * What stopped the network listener, in words for IT; null when `error` is not the listener's
 * own (another failure of the start, worded elsewhere).
 */
export function wallListenProblem(error: unknown, listen: WallListen): string | null {
  const { code, address, port } = error as NodeJS.ErrnoException & { address?: string; port?: number };
  if (address !== listen.host || port !== listen.port) return null;
  switch (code) {
    case 'EADDRINUSE':
      return `port ${port} on ${address} is in use (another wall, this host's own --port, or another program): give another with --wall-listen ${address}:N.`;
    case 'EADDRNOTAVAIL':
      return `${address} is not an address of this computer, or its network is not up yet: give one of its own (\`ip addr\` on Linux, \`ipconfig\` on Windows shows them), or 0.0.0.0, which also waits for no network and follows a changed address.`;
    case 'EACCES':
      return `port ${port} needs administrator rights (ports below 1024): give one from 1024 up with --wall-listen ${address}:N, or leave the port out for ${WALL_LAN_DEFAULT_PORT}.`;
    default:
      return null;
  }
}
