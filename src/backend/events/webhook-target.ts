import { lookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Where the backend may post an organisation's events, as its configuration says. */
export interface WebhookTargetPolicy {
  /**
   * Development only: a receiver on this machine — plain http to a loopback address, and
   * loopback addresses at all. Off in production: a webhook must not reach the server itself.
   */
  allowHttpLoopback: boolean;
  /**
   * The receiver is inside the dealership's network: loopback, private (RFC 1918, fc00::/7),
   * link-local, unspecified and carrier-grade NAT addresses are allowed. Off by default: a
   * manager's token must not be a way to reach the systems behind the backend.
   */
  allowPrivate: boolean;
}

/** The addresses a host name resolves to (the system's resolver; a test's own names in tests). */
export type HostResolver = (host: string) => Promise<string[]>;

export const systemResolver: HostResolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** The ranges a webhook may reach only when the configuration allows private targets, in words. */
const PRIVATE_RANGES: Record<string, string> = {
  loopback: 'a loopback address (the backend’s own machine)',
  private: 'a private address',
  uniqueLocal: 'a private address',
  linkLocal: 'a link-local address',
  unspecified: 'an unspecified address',
  carrierGradeNat: 'a carrier-grade NAT address',
};

const ALLOW_PRIVATE = 'AFTERSALES_WEBHOOK_ALLOW_PRIVATE=1';
const ALLOW_HTTP_LOOPBACK = 'AFTERSALES_WEBHOOK_ALLOW_HTTP_LOOPBACK=1';

/**
 * Why an address may not receive webhooks, or null when it may. Public unicast addresses may;
 * the private ones only as the policy allows; multicast, broadcast, reserved and tunnelled
 * (6to4, Teredo, NAT64) and IPv4-compatible addresses never: they are no single receiver, or
 * hide an IPv4 address the rules could not see.
 */
export function addressRefusal(address: string, policy: WebhookTargetPolicy): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  // An IPv4 address written as IPv6 (::ffff:10.0.0.5) is judged as the IPv4 address it is.
  const ip = ipaddr.process(address);
  const range = ip.range();
  // IPv4-compatible IPv6 (::/96, deprecated by RFC 4291 §2.5.5.1): ipaddr.js calls ::7f00:1
  // plain unicast, yet it is 127.0.0.1 in disguise, and some stacks still route it as IPv4.
  if (ip.kind() === 'ipv6' && range === 'unicast' && (ip as ipaddr.IPv6).parts.slice(0, 6).every((part) => part === 0)) {
    return `${ip.toString()}, an IPv4-compatible IPv6 address, which hides an IPv4 address; write the IPv4 address itself`;
  }
  if (range === 'unicast') return null;
  const words = PRIVATE_RANGES[range];
  if (words) {
    if (policy.allowPrivate || (range === 'loopback' && policy.allowHttpLoopback)) return null;
    return `${ip.toString()}, ${words}; the backend posts only to addresses on the internet unless it is started with ${ALLOW_PRIVATE} (a receiver inside the dealership’s network)`;
  }
  return `${ip.toString()}, a ${range} address, which is no single receiver on the internet`;
}

/**
 * Why a webhook address may not be used, given the addresses its host resolves to, or null
 * when it may: https only (plain http only to loopback on a backend started for development),
 * and every address the host has must be allowed (a host with one private address among
 * public ones would be reached there half the time).
 */
export function targetRefusal(url: URL, addresses: string[], policy: WebhookTargetPolicy): string | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `The webhook address must start with https://, not ${url.protocol}//.`;
  if (url.username || url.password) return 'The webhook address must not carry a user name or password: the events are signed with the secret instead.';
  if (addresses.length === 0) return `The webhook address’s host ${url.hostname} has no address.`;
  for (const address of addresses) {
    const refusal = addressRefusal(address, policy);
    if (refusal) return `The webhook address resolves to ${refusal}.`;
  }
  if (url.protocol === 'http:') {
    const loopback = addresses.every((a) => ipaddr.process(a).range() === 'loopback');
    if (!(policy.allowHttpLoopback && loopback)) {
      return (
        'The webhook address must start with https://: the events carry what customers wrote and must be encrypted on the way. ' +
        `Plain http:// is taken only for a receiver on the backend’s own machine, when the backend is started for development with ${ALLOW_HTTP_LOOPBACK}.`
      );
    }
  }
  return null;
}

/** A host as URL gives it, without the brackets of an IPv6 literal. */
const bareHost = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * The addresses a URL's host stands for now: a literal IP address is itself; a name is resolved
 * anew each time, so a name that moved to a refused address (DNS rebinding) is refused at the
 * next use as it was when set.
 */
export async function addressesOf(url: URL, resolve: HostResolver): Promise<string[]> {
  const host = bareHost(url);
  return ipaddr.isValid(host) ? [host] : resolve(host);
}

/** The addresses a webhook address may be posted to now, or the reason it may not. */
export async function checkTarget(url: URL, policy: WebhookTargetPolicy, resolve: HostResolver): Promise<{ addresses: string[] } | { refusal: string }> {
  let addresses: string[];
  try {
    addresses = await addressesOf(url, resolve);
  } catch (error) {
    return { refusal: `The webhook address’s host ${bareHost(url)} could not be found (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).` };
  }
  const refusal = targetRefusal(url, addresses, policy);
  return refusal ? { refusal } : { addresses };
}

/** A resolver that answers one address, checked before: the connection goes nowhere else. */
export function pinnedLookup(address: string): LookupFunction {
  const family = address.includes(':') ? 6 : 4;
  return (_host, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

/**
 * Posts one event to the address checked just before, connected to exactly the address that
 * was checked (the name is not resolved again between the check and the connection). A
 * redirect is not followed: it is a failed delivery with the address it points to. Resolves
 * with null when the receiver took it (2xx), else with the reason it failed.
 */
export function postTo(
  url: URL,
  address: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<string | null> {
  const pinned = pinnedLookup(address);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const request = send(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: pinned, signal: AbortSignal.timeout(timeoutMs) },
      (response) => {
        const status = response.statusCode ?? 0;
        // The answer's body is not read for anything, but is drained so the connection can close.
        response.resume();
        if (status >= 200 && status < 300) resolve(null);
        else if (status >= 300 && status < 400) {
          const to = response.headers.location;
          resolve(`the webhook answered HTTP ${status}, a redirect${to ? ` to ${to}` : ''}; redirects are not followed: set the address it points to`);
        } else resolve(`the webhook answered HTTP ${status}`);
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) =>
      resolve(error.name === 'AbortError' ? `the webhook did not answer within ${timeoutMs / 1000} s` : `the webhook could not be reached (${error.code ?? error.message})`),
    );
    request.end(body);
  });
}
