import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Graph API on loopback that answers as a test tells it to: for the answers the WhatsApp
 * simulator never gives (an endless or repeating cursor, a slow page, templates with call
 * buttons or image headers, two business accounts). Each request is recorded as path and query.
 */
export async function startFakeGraph(answer: (url: URL, request: IncomingMessage) => { status?: number; body: unknown } | Promise<{ status?: number; body: unknown }>) {
  const asked: string[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    asked.push(`${url.pathname}${url.search}`);
    void Promise.resolve(answer(url, request)).then(({ status = 200, body }) => {
      if (!response.destroyed) response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    asked,
    providers: { whatsapp: { baseUrl: url, apiVersion: 'v21.0' }, sms: { baseUrl: url }, publicUrl: null },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
