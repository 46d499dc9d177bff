import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { localDateAt } from '../../src/domain/zoned-time';
import { call, eventually } from '../support/backend';
import { startOrganisation, type Organisation } from '../support/connected';
import { DEALERSHIP, tempDataFile } from '../support/desktop';
import { spawnServe } from '../support/serve-process';

/** `npm run serve` as its own process, joined to the organisation's backend. */
function spawnDesktop(dataFile: string, organisation: Organisation) {
  return spawnServe({ AFTERSALES_DATA_FILE: dataFile, AFTERSALES_BACKEND_URL: organisation.url, AFTERSALES_BACKEND_TOKEN: organisation.org.token });
}

/** The BoardApi as the page uses it: the host's WebSocket, from the host's origin, with its token. */
async function boardApi(pageUrl: string) {
  const url = new URL(pageUrl);
  const socket = new WebSocket(`ws://${url.host}/api?token=${url.searchParams.get('token')}`, { origin: url.origin });
  await new Promise((resolve, reject) => (socket.once('open', resolve), socket.once('error', reject)));
  let next = 1;
  const waiting = new Map<number, (frame: any) => void>();
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    if (frame.kind === 'result') waiting.get(frame.id)?.(frame);
  });
  return {
    call: (method: string, params: unknown) =>
      new Promise<any>((resolve) => {
        const id = next++;
        waiting.set(id, resolve);
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('a desktop killed with a full outbox', () => {
  let organisation: Organisation;
  before(async () => {
    organisation = await startOrganisation();
  });
  after(() => organisation.close());

  it('sends what it had queued once it runs again and the backend is back, each change once', async () => {
    const today = localDateAt(Date.now(), DEALERSHIP.zone);
    const appt = await organisation.appointment({ sourceId: 'K-1', date: today, name: 'Ruben Brouwer', phone: '+31611112222' });
    const dataFile = tempDataFile();
    const first = await spawnDesktop(dataFile, organisation);
    const api = await boardApi(first.url);
    await eventually(async () => (await api.call('getBoard', {})).value.cards.some((c: { id: string }) => c.id === appt.id), 10_000);

    await organisation.stop();
    await eventually(async () => (await api.call('getConnection', {})).value.online === false, 10_000);
    assert.equal((await api.call('moveCard', { id: appt.id, column: 'on_hold', beforeId: null, afterId: null })).ok, true);
    assert.equal((await api.call('setColour', { id: appt.id, colour: 'red' })).ok, true);
    assert.equal((await api.call('addComment', { appointmentId: appt.id, text: 'Wacht op onderdeel' })).ok, true);
    assert.equal((await api.call('getConnection', {})).value.pending, 3);
    api.close();
    await kill(first.child);

    await organisation.restart();
    const second = await spawnDesktop(dataFile, organisation);
    try {
      const events = async () =>
        (await call(organisation.url, organisation.org.token, 'GET', '/v2/events?since=0&limit=1000')).body.data as Array<{ type: string; data: any }>;
      await eventually(async () => (await events()).some((e) => e.type === 'message.create' && e.data.message.text === 'Wacht op onderdeel'), 15_000);
      const mine = (await events()).filter((e) => e.data.appointment === appt.id);
      assert.deepEqual(mine.map((e) => e.type), ['appointment.move', 'appointment.colour'], 'the move and the colour, once each, in order');
      assert.equal(mine[0]!.data.column, 'on_hold');
    } finally {
      await kill(second.child);
    }
  });
});
