import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { openHostSocket } from '../support/host-socket';
import { startDesktop } from '../support/desktop';

type Desktop = Awaited<ReturnType<typeof startDesktop>>;

function nextFrame(socket: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(data.toString()))));
}

describe('headless host', () => {
  let desktop: Desktop;
  let origin: string;
  let token: string;
  let apiUrl: string;

  before(async () => {
    desktop = await startDesktop();
    const url = new URL(desktop.host.url);
    origin = url.origin;
    token = url.searchParams.get('token')!;
    apiUrl = `ws://127.0.0.1:${desktop.host.port}/api?token=${token}`;
  });
  after(() => desktop.stop());

  it('listens on 127.0.0.1 only and serves the renderer with a strict CSP', async () => {
    assert.match(desktop.host.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
    const response = await fetch(origin);
    assert.equal(response.status, 200);
    const csp = response.headers.get('content-security-policy')!;
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /object-src 'none'/);
    assert.match(await response.text(), /<div id="root">/);
  });

  it('answers BoardApi calls from its own page with the token', async () => {
    const socket = await openHostSocket(apiUrl, origin);
    socket.send(JSON.stringify({ id: 1, method: 'getBoard', params: {} }));
    const frame = await nextFrame(socket);
    assert.equal(frame.kind, 'result');
    assert.equal(frame.id, 1);
    assert.equal(frame.ok, true);
    socket.send(JSON.stringify({ id: 2, method: 'setColour', params: { id: 'x', colour: 'pink' } }));
    const refused = await nextFrame(socket);
    assert.equal(refused.ok, false);
    assert.equal((refused.error as { code: string }).code, 'INVALID_INPUT');
    socket.close();
  });

  it('refuses another origin, a missing token and a wrong token', async () => {
    await assert.rejects(openHostSocket(apiUrl, 'https://evil.example'), /HTTP 403/);
    await assert.rejects(openHostSocket(apiUrl, undefined), /HTTP 403/);
    await assert.rejects(openHostSocket(`ws://127.0.0.1:${desktop.host.port}/api`, origin), /HTTP 403/);
    await assert.rejects(openHostSocket(`ws://127.0.0.1:${desktop.host.port}/api?token=${token.slice(1)}x`, origin), /HTTP 403/);
  });

  it('closes a connection that sends a malformed frame', async () => {
    const socket = await openHostSocket(apiUrl, origin);
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send('not json');
    assert.equal(await closed, 1007);
  });

  it('pushes a move made in one window to every other window', async () => {
    const a = await openHostSocket(apiUrl, origin);
    const b = await openHostSocket(apiUrl, origin);
    a.send(JSON.stringify({ id: 1, method: 'getBoard', params: {} }));
    const { value } = (await nextFrame(a)) as { value: { cards: { id: string }[] } };
    const id = value.cards[0]!.id;
    const seenByB = nextFrame(b);
    a.send(JSON.stringify({ id: 2, method: 'moveCard', params: { id, column: 'on_hold', beforeId: null, afterId: null } }));
    assert.deepEqual(await seenByB, { kind: 'event', event: { type: 'appointments.changed', ids: [id] } });
    a.close();
    b.close();
  });
});
