import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { call, freePort } from '../support/backend';
import { createWorkshopInbox } from '../support/inboxes';
import { startOrganisation, type Organisation } from '../support/connected';
import { ROOT, tempDataFile } from '../support/desktop';

/** `npm run serve` as a wall, its own process: what it prints, and how it ends when it cannot start. */
function serveWall(organisation: Organisation, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/desktop/cli/serve.ts', '--wall'], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: 'error',
      AFTERSALES_DATA_FILE: tempDataFile(),
      AFTERSALES_BACKEND_URL: organisation.url,
      AFTERSALES_BACKEND_TOKEN: organisation.org.token,
      AFTERSALES_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const printed = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      if (/wall: +\S+[\s\S]*\n\n?$/.test(out) && out.includes('inboxes')) resolve(out);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
  const exited = new Promise<{ code: number | null; err: string }>((resolve) => child.once('exit', (code) => resolve({ code, err })));
  return { child, printed, exited };
}

describe('`npm run serve -- --wall` tells IT the inboxes to choose from', () => {
  let organisation: Organisation;
  let inboxes: Array<{ id: string; name: string }>;

  before(async () => {
    organisation = await startOrganisation();
    for (const name of ['Schadeherstel', 'Receptie', 'Receptie']) {
      await createWorkshopInbox(organisation, name);
    }
    inboxes = (await call(organisation.url, organisation.org.token, 'GET', '/v2/organization')).body.inboxes;
  });
  after(() => organisation.close());

  it('prints every inbox’s id and name at start, and takes a name as well as an id', async () => {
    const wall = serveWall(organisation, { AFTERSALES_WALL_INBOXES: 'schadeherstel' });
    try {
      const out = await wall.printed;
      for (const inbox of inboxes) assert.match(out, new RegExp(`${inbox.id} +${inbox.name}`));
      const shade = inboxes.find((i) => i.name === 'Schadeherstel')!;
      assert.match(out, new RegExp(`\\* ${shade.id} +Schadeherstel`), 'the inbox named by its name is the one on the wall');
    } finally {
      wall.child.kill('SIGTERM');
      await wall.exited;
    }
  });

  it('refuses in words a name two inboxes share', async () => {
    const wall = serveWall(organisation, { AFTERSALES_WALL_INBOXES: 'Receptie' });
    // It never prints its addresses: what it says is on stderr.
    wall.printed.catch(() => undefined);
    const { code, err } = await wall.exited;
    const ids = inboxes.filter((i) => i.name === 'Receptie').map((i) => i.id);
    assert.equal(code, 1);
    assert.match(err, new RegExp(`2 inboxes are called "Receptie" \\(${ids.join(', ')}\\): name the one to show by its id`));
  });

  it('puts the wall on the network when asked, and prints the address a television opens', async () => {
    const port = await freePort('127.0.0.2');
    const wall = serveWall(organisation, { AFTERSALES_WALL_LISTEN: `127.0.0.2:${port}`, AFTERSALES_WALL_NAMES: 'full' });
    try {
      const out = await wall.printed;
      assert.match(out, /with --wall-names full: anyone on that network who has the address sees customers’ full names/);
      const url = new RegExp(`wall on the network: (http://127\\.0\\.0\\.2:${port}/wall\\?token=[\\w-]+)`).exec(out)?.[1];
      assert.ok(url, out);
      assert.equal((await fetch(url)).status, 200);
      assert.equal((await fetch(new URL('/', url))).status, 404, 'only the wall is on the network');
    } finally {
      wall.child.kill('SIGTERM');
      await wall.exited;
    }
  });

  it('says in words a network address that is not this computer’s', async () => {
    const wall = serveWall(organisation, { AFTERSALES_WALL_LISTEN: '203.0.113.199' });
    wall.printed.catch(() => undefined);
    const { code, err } = await wall.exited;
    assert.equal(code, 1);
    assert.match(err, /203\.0\.113\.199 is not an address of this computer, or its network is not up yet: give one of its own \(`ip addr` on Linux, `ipconfig` on Windows shows them\), or 0\.0\.0\.0/);
  });

  it('says in words that its port is taken, and how to give another', async (t) => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    t.after(() => taken.close());
    const port = (taken.address() as AddressInfo).port;
    const wall = serveWall(organisation, { AFTERSALES_PORT: String(port) });
    wall.printed.catch(() => undefined);
    const { code, err } = await wall.exited;
    assert.equal(code, 1);
    assert.match(err, new RegExp(`port ${port} is in use \\(another Aftersales Board, or another program\\): stop that one, or give another with --port N or AFTERSALES_PORT`));
  });
});
