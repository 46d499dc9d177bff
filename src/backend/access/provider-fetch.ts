import { request } from 'node:https';
import { addressesOf, addressRefusal, pinnedLookup, type HostResolver } from '../events/webhook-target';

/**
 * How the backend reaches an organisation's OpenID provider. The provider's address is a
 * manager's setting, asked on behalf of anyone who sends an ID token: like a webhook, it must
 * not be a way to reach the backend's own machine or the network behind it, unless the backend
 * is started to allow private targets (AFTERSALES_WEBHOOK_ALLOW_PRIVATE=1, for a provider
 * inside the dealership's network — and the tests' provider on 127.0.0.1).
 */
export interface ProviderNetwork {
  allowPrivate: boolean;
  resolve: HostResolver;
}

/** A discovery document or a key set is a few kilobytes; more is not a provider's answer. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * GET over https from a provider, connected to exactly an address that was checked (the name
 * is not resolved again between the check and the connection, so it cannot be moved inside the
 * network in between). A redirect is answered as it is, not followed. Rejects with the
 * low-level reason, which is for the log, not for the person signing in.
 */
export async function providerFetch(url: string | URL, network: ProviderNetwork, init: { signal?: AbortSignal | null; headers?: RequestInit['headers'] } = {}): Promise<Response> {
  const target = new URL(url);
  if (target.protocol !== 'https:') throw new Error(`${target.href} is not an https:// address`);
  const addresses = await addressesOf(target, network.resolve);
  if (addresses.length === 0) throw new Error(`${target.hostname} has no address`);
  for (const address of addresses) {
    const refusal = addressRefusal(address, { allowPrivate: network.allowPrivate, allowHttpLoopback: false });
    if (refusal) throw new Error(`${target.hostname} resolves to ${refusal}`);
  }
  const headers = Object.fromEntries(new Headers(init.headers).entries());
  return new Promise<Response>((resolve, reject) => {
    const asking = request(target, { method: 'GET', headers, lookup: pinnedLookup(addresses[0]!), signal: init.signal ?? undefined }, (answer) => {
      const chunks: Buffer[] = [];
      let size = 0;
      answer.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) {
          answer.destroy();
          reject(new Error(`${target.href} answered more than ${MAX_ANSWER_BYTES} bytes`));
        } else chunks.push(chunk);
      });
      answer.on('error', reject);
      answer.on('end', () => {
        const status = answer.statusCode ?? 502;
        const type = answer.headers['content-type'];
        resolve(new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers: type ? { 'content-type': type } : {} }));
      });
    });
    asking.on('error', reject);
    asking.end();
  });
}
