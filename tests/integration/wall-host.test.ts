import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { openHostSocket } from '../support/host-socket';
import { WallSettingsSchema, type WallBoard } from '../../src/api/wall';
import { startHeadlessHost, type RunningHost } from '../../src/desktop/host/headless-host';
import { keptWallToken } from '../../src/desktop/host/wall-token';
import type { DesktopCore } from '../../src/desktop/core';
import { RENDERER_DIR, silentLogger, startCore, startDesktop } from '../support/desktop';

/** Every frame a socket receives, in order, and a way to wait for the next one that passes a test. */
function frames(socket: WebSocket) {
  const seen: Array<Record<string, any>> = [];
  const waiting: Array<{ test: (f: Record<string, any>) => boolean; resolve: (f: Record<string, any>) => void }> = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    seen.push(frame);
    for (const w of waiting.splice(0)) {
      if (w.test(frame)) w.resolve(frame);
      else waiting.push(w);
    }
  });
  return {
    seen,
    next: (test: (f: Record<string, any>) => boolean) => new Promise<Record<string, any>>((resolve) => waiting.push({ test, resolve })),
  };
}

describe('the headless host’s wall', () => {
  let core: DesktopCore;
  let host: RunningHost;
  let origin: string;
  let wallApi: string;
  let boardApi: string;

  before(async () => {
    core = startCore();
    host = await startHeadlessHost({ core, rendererDir: RENDERER_DIR, logger: silentLogger, wall: WallSettingsSchema.parse({ rotateSeconds: 30 }) });
    const wallUrl = new URL(host.wallUrl!);
    origin = wallUrl.origin;
    wallApi = `ws://127.0.0.1:${host.port}/wall-api?token=${wallUrl.searchParams.get('token')}`;
    boardApi = `ws://127.0.0.1:${host.port}/api?token=${new URL(host.url).searchParams.get('token')}`;
  });
  after(async () => {
    await host.close();
    core.close();
  });

  it('serves the wall’s own page at /wall, with the same strict headers, and not the advisors’ app', async () => {
    assert.match(host.wallUrl!, /^http:\/\/127\.0\.0\.1:\d+\/wall\?token=[\w-]{32}$/);
    const response = await fetch(`${origin}/wall`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-security-policy')!, /script-src 'self'(;|$)/);
    const page = await response.text();
    assert.match(page, /assets\/wall-[\w-]+\.js/);
    assert.doesNotMatch(page, /assets\/main-[\w-]+\.js/);
  });

  it('answers the wall’s board with the host’s settings, names masked, whatever the page asks', async () => {
    const socket = await openHostSocket(wallApi, origin);
    const { next } = frames(socket);
    socket.send(JSON.stringify({ id: 1, method: 'getWall', params: { names: 'full', rotateSeconds: 5 } }));
    const answer = await next((f) => f.id === 1);
    assert.equal(answer.ok, true);
    const wall = answer.value as WallBoard;
    assert.deepEqual(wall.settings, { names: 'initials', rotateSeconds: 30, locale: null });
    assert.ok(wall.cards.length > 10);
    const fullNames = (await core.handlers.getBoard({})).cards.map((c) => c.customerName).filter((n): n is string => !!n);
    const text = JSON.stringify(wall);
    for (const name of fullNames) assert.equal(text.includes(name), false, `${name} reached the wall`);
    assert.ok(wall.cards.some((c) => c.name === 'F.E.A.'), 'Fatima El Amrani shows as F.E.A.');
    assert.deepEqual(wall.inboxes.map((i) => i.name).sort(), (await core.handlers.listInboxes({})).map((i) => i.name).sort());
    socket.close();
  });

  it('refuses a wall page anything but reading its board: no move, no conversation, no settings', async () => {
    const socket = await openHostSocket(wallApi, origin);
    const { next } = frames(socket);
    const card = (await core.handlers.getBoard({})).cards[0]!;
    const calls: Array<[string, unknown]> = [
      ['moveCard', { id: card.id, column: 'finished', beforeId: null, afterId: null }],
      ['getConversation', { appointmentId: card.id }],
      ['getBoard', {}],
      ['getAppointment', { id: card.id }],
      ['setColour', { id: card.id, colour: 'red' }],
      ['saveConnection', { url: 'https://evil.example', token: 'x' }],
    ];
    for (const [i, [method, params]] of calls.entries()) {
      socket.send(JSON.stringify({ id: i + 1, method, params }));
      const answer = await next((f) => f.id === i + 1);
      assert.equal(answer.ok, false, method);
      assert.deepEqual(answer.error, { code: 'WALL_READ_ONLY', message: `A wall screen only shows the board: it may not call ${method}.` });
    }
    assert.equal((await core.handlers.getAppointment({ id: card.id })).column, card.column, 'the card did not move');
    assert.equal((await core.handlers.getAppointment({ id: card.id })).colour, card.colour);
    socket.close();
  });

  it('keeps the two doors apart: the wall’s token does not open the BoardApi, nor the board’s the wall', async () => {
    const wallToken = new URL(host.wallUrl!).searchParams.get('token')!;
    const boardToken = new URL(host.url).searchParams.get('token')!;
    await assert.rejects(openHostSocket(`ws://127.0.0.1:${host.port}/api?token=${wallToken}`, origin), /HTTP 403/);
    await assert.rejects(openHostSocket(`ws://127.0.0.1:${host.port}/wall-api?token=${boardToken}`, origin), /HTTP 403/);
    await assert.rejects(openHostSocket(wallApi, 'https://evil.example'), /HTTP 403/);
    await assert.rejects(openHostSocket(`ws://127.0.0.1:${host.port}/wall-api`, origin), /HTTP 403/);
  });

  it('tells a refused token apart from a page of another origin, so the wall can say its address is no longer valid', async () => {
    // The page asks with a plain GET (no Origin): a wrong token is named as such, the right one is not.
    const wrong = await fetch(`${origin}/wall-api?token=${'x'.repeat(32)}`);
    assert.equal(wrong.status, 403);
    assert.equal(((await wrong.json()) as { code: string }).code, 'WALL_TOKEN_REFUSED');
    const right = await fetch(`${origin}/wall-api?token=${new URL(host.wallUrl!).searchParams.get('token')}`);
    assert.equal(right.status, 403);
    assert.equal(((await right.json()) as { code: string }).code, 'FORBIDDEN');
  });

  it('answers the same wall address after a restart on the data folder’s kept token and the same port', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'wall-host-'));
    const settings = WallSettingsSchema.parse({});
    const first = await startHeadlessHost({ core, rendererDir: RENDERER_DIR, logger: silentLogger, wall: settings, wallToken: keptWallToken(folder) });
    const address = first.wallUrl!;
    await first.close();
    const again = await startHeadlessHost({ core, rendererDir: RENDERER_DIR, logger: silentLogger, wall: settings, wallToken: keptWallToken(folder), port: first.port });
    try {
      assert.equal(again.wallUrl, address);
      const url = new URL(address);
      const socket = await openHostSocket(`ws://127.0.0.1:${again.port}/wall-api?token=${url.searchParams.get('token')}`, url.origin);
      const { next } = frames(socket);
      socket.send(JSON.stringify({ id: 1, method: 'getWall', params: {} }));
      assert.equal((await next((f) => f.id === 1)).ok, true);
      socket.close();
    } finally {
      await again.close();
    }
  });

  it('tells a wall that the board changed, never what a customer wrote', async () => {
    const wall = await openHostSocket(wallApi, origin);
    const board = await openHostSocket(boardApi, origin);
    const wallFrames = frames(wall);
    const boardFrames = frames(board);
    // One answer on each first: the host has taken both sockets in before anything is told.
    wall.send(JSON.stringify({ id: 1, method: 'getWall', params: {} }));
    board.send(JSON.stringify({ id: 1, method: 'getConnection', params: {} }));
    await Promise.all([wallFrames.next((f) => f.id === 1), boardFrames.next((f) => f.id === 1)]);
    wallFrames.seen.length = 0;
    const id = (await core.handlers.getBoard({})).cards[0]!.id;
    core.context.emit({ type: 'message.received', messageId: 'm-1', appointmentId: id, customerName: 'Fatima El Amrani', text: 'Mijn pincode is 1234' });
    core.context.emit({ type: 'appointments.changed', ids: [id] });
    await wallFrames.next((f) => f.kind === 'event');
    await boardFrames.next((f) => f.event?.type === 'appointments.changed');
    assert.ok(boardFrames.seen.some((f) => f.event?.type === 'message.received'), 'the advisors’ page hears the message');
    assert.deepEqual(wallFrames.seen, [{ kind: 'event', event: { type: 'appointments.changed' } }]);
    wall.close();
    board.close();
  });

  it('serves no wall where none was asked for', async () => {
    const desktop = await startDesktop();
    try {
      assert.equal(desktop.host.wallUrl, null);
      assert.equal((await fetch(new URL('/wall', desktop.host.url))).status, 404);
      // The WebSocket plugin takes the upgrade of an unknown address and closes it at once: no answer ever comes.
      const socket = await openHostSocket(`ws://127.0.0.1:${desktop.host.port}/wall-api?token=x`, new URL(desktop.host.url).origin);
      const { seen } = frames(socket);
      const closed = new Promise((resolve) => socket.once('close', resolve));
      socket.send(JSON.stringify({ id: 1, method: 'getWall', params: {} }));
      await closed;
      assert.deepEqual(seen, []);
    } finally {
      await desktop.stop();
    }
  });
});

describe('the wall on the workshop’s network (--wall-listen)', () => {
  // 127.0.0.2 stands for the computer's network address: another address than the host's own 127.0.0.1.
  const LAN = '127.0.0.2';
  let core: DesktopCore;
  let host: RunningHost;
  let lan: URL;

  before(async () => {
    core = startCore();
    host = await startHeadlessHost({
      core,
      rendererDir: RENDERER_DIR,
      logger: silentLogger,
      wall: WallSettingsSchema.parse({}),
      wallListen: { host: LAN, port: 0 },
    });
    assert.equal(host.lanWallUrls.length, 1);
    lan = new URL(host.lanWallUrls[0]!);
  });
  after(async () => {
    await host.close();
    core.close();
  });

  it('serves the wall’s page and its scripts there, with the wall’s token and the same strict headers', async () => {
    assert.equal(lan.hostname, LAN);
    assert.equal(lan.searchParams.get('token'), new URL(host.wallUrl!).searchParams.get('token'));
    const page = await fetch(new URL('/wall', lan));
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy')!, /script-src 'self'(;|$)/);
    const script = /src="\.\/(assets\/wall-[\w-]+\.js)"/.exec(await page.text())![1]!;
    assert.equal((await fetch(new URL(`/${script}`, lan))).status, 200);
  });

  it('serves nothing of the advisors’ board there: no app, no BoardApi, no other file', async () => {
    for (const path of ['/', '/index.html', '/api', `/api?token=${new URL(host.url).searchParams.get('token')}`, '/wall.html', '/assets/../index.html']) {
      const response = await fetch(new URL(path, lan));
      assert.equal(response.status, 404, path);
      if (path === '/') assert.match(await response.text(), /serves only the wall screen: open the wall address the host printed/);
    }
    // Nor the advisors' scripts or any source map: only what the wall's page loads.
    const advisors = /src="\.\/(assets\/main-[\w-]+\.js)"/.exec(readFileSync(join(RENDERER_DIR, 'index.html'), 'utf8'))![1]!;
    assert.equal((await fetch(new URL(`/${advisors}`, host.url))).status, 200, 'the advisors’ script is there on 127.0.0.1');
    assert.equal((await fetch(new URL(`/${advisors}`, lan))).status, 404);
    const wallScript = /src="\.\/(assets\/wall-[\w-]+\.js)"/.exec(await (await fetch(new URL('/wall', lan))).text())![1]!;
    assert.equal((await fetch(new URL(`/${wallScript}.map`, lan))).status, 404);
    // The board's own door, with its own token and origin, is not opened from the network.
    await assert.rejects(openHostSocket(`ws://${lan.host}/api?token=${new URL(host.url).searchParams.get('token')}`, lan.origin), /HTTP 404|socket hang up|Unexpected server response/);
  });

  it('answers a page of that address its board read-only, and refuses a wrong token and another site’s page', async () => {
    const wallApi = `ws://${lan.host}/wall-api?token=${lan.searchParams.get('token')}`;
    const socket = await openHostSocket(wallApi, lan.origin);
    const { next } = frames(socket);
    socket.send(JSON.stringify({ id: 1, method: 'getWall', params: {} }));
    assert.equal((await next((f) => f.id === 1)).ok, true);
    socket.send(JSON.stringify({ id: 2, method: 'moveCard', params: { id: 'a1', column: 'ready', beforeId: null, afterId: null } }));
    assert.equal((await next((f) => f.id === 2)).error.code, 'WALL_READ_ONLY');
    socket.close();
    await assert.rejects(openHostSocket(`ws://${lan.host}/wall-api?token=wrong`, lan.origin), /HTTP 403/);
    await assert.rejects(openHostSocket(wallApi, 'http://evil.example'), /HTTP 403/);
    await assert.rejects(openHostSocket(wallApi, undefined), /HTTP 403/);
  });
});
