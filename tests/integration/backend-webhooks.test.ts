import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { call, eventually, startSystem } from '../support/backend';
import { manualClock } from '../support/desktop';

const SECRET = 'dealer-webhook-secret-0001';

/** X-Hub-Signature as Web1on1 documents it, written here apart from the backend's signer: sha1=<hex HMAC-SHA1 of the body>. */
const expectedSignature = (body: string) => `sha1=${createHmac('sha1', SECRET).update(body).digest('hex')}`;

describe('backend: outgoing webhooks to the organisation’s own URL', () => {
  const clock = manualClock(Date.parse('2026-11-25T08:00:00Z'));
  let system: Awaited<ReturnType<typeof startSystem>>;
  let receiver: Server;
  const received: Array<{ event: string; seq: number; organization: string; data: any; activity: any }> = [];
  let refuseNext = 2;
  let badSignatures = 0;

  before(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (req.headers['x-hub-signature'] !== expectedSignature(body)) badSignatures++;
        if (refuseNext > 0) {
          refuseNext--;
          res.writeHead(503).end();
          return;
        }
        received.push(JSON.parse(body));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    // The receiver is on this machine, over plain http: as a backend started for development allows.
    system = await startSystem({ clock, webhooks: { policy: { allowHttpLoopback: true, allowPrivate: false } } });
  });
  after(async () => {
    await system.backend.close();
    await system.simulator.close();
    receiver.close();
  });

  it('delivers every event after a refusal, in order, signed, Web1on1-style', async () => {
    const api = (method: string, path: string, body?: unknown) => call(system.backend.url, system.org.token, method, path, body);
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    assert.equal((await api('PUT', '/v2/webhook', { url, secret: SECRET })).status, 200);
    const conversation = (await api('POST', '/v2/conversations', { contact: { profile: { name: 'Webhook Klant' } } })).body.id;
    for (let i = 0; i < 5; i++) await api('POST', `/v2/conversations/${conversation}/messages`, { text: `notitie ${i}`, isBackchannel: true });
    await eventually(() => received.length === 7, 10_000);
    assert.deepEqual(
      received.map((r) => r.event),
      ['contact.create', 'conversation.create', ...Array(5).fill('message.create.agent.chat')],
    );
    // A message comes with its conversation, and who wrote it (the organisation's first manager, whose token this is).
    const note = received[6]!;
    assert.equal(note.data.conversation.id, conversation);
    assert.equal(note.data.message.text, 'notitie 4');
    assert.equal(note.data.message.isBackchannel, true);
    const me = (await api('GET', '/v2/auth/me')).body;
    assert.deepEqual(note.activity, { id: me._id, name: 'Sanne', kind: 'user' });
    assert.deepEqual(note.data.message.author, note.activity);
    assert.equal(received[0]!.activity, null, 'a contact does not record who made it');
    const seqs = received.map((r) => r.seq);
    assert.deepEqual(seqs, Array.from({ length: 7 }, (_, i) => seqs[0]! + i), 'in order, none skipped, none twice');
    assert.ok(received.every((r) => r.organization === system.org.organizationId));
    assert.equal(badSignatures, 0);
    assert.equal(refuseNext, 0, 'the first two attempts were refused and retried');
  });
});
