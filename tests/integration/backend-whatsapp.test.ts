import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { call, eventually, REMINDER_TEMPLATE, seedApprovedTemplate, startSystem, WHATSAPP } from '../support/backend';
import { manualClock } from '../support/desktop';

const HOUR = 3_600_000;
const CUSTOMER = '31612345678';

describe('backend: conversations over WhatsApp (simulator on loopback)', () => {
  const clock = manualClock(Date.parse('2026-11-25T08:00:00Z'));
  let system: Awaited<ReturnType<typeof startSystem>>;
  let api: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => ReturnType<typeof call>;
  let conversationId: string;

  before(async () => {
    system = await startSystem({ clock });
    api = (method, path, body, headers) => call(system.backend.url, system.org.token, method, path, body, headers);
    await seedApprovedTemplate(system.backend.store, system.org.organizationId, REMINDER_TEMPLATE, clock.now());
    const created = await api('POST', '/v2/conversations', { type: 'contact', contact: { profile: { name: 'Jan de Vries', telephone: '06 12345678' } } });
    assert.equal(created.status, 201);
    conversationId = created.body.id;
  });
  after(async () => {
    await system.backend.close();
    await system.simulator.close();
  });

  const messageOf = async (id: string) =>
    (await api('GET', `/v2/conversations/${conversationId}/messages`)).body.data.find((m: { id: string }) => m.id === id);

  it('reuses the contact’s one conversation', async () => {
    const again = await api('POST', '/v2/conversations', { contact: { profile: { telephone: '+31 6 12345678' } } });
    assert.equal(again.status, 200);
    assert.equal(again.body.id, conversationId);
  });

  it('sends a template, which is then delivered and read', async () => {
    const sent = await api(
      'POST',
      `/v2/conversations/${conversationId}/messages`,
      { type: 'template', template: { name: 'appointment_reminder', language: 'nl', parameters: ['Jan', 'woensdag', '09:30', 'Golf'] } },
      { 'idempotency-key': 'reminder-0001' },
    );
    assert.equal(sent.status, 202);
    assert.equal(sent.body.status, 'queued');
    assert.equal(sent.body.text, 'Beste Jan, tot morgen woensdag om 09:30 voor uw Golf.');
    await eventually(async () => (await messageOf(sent.body.id)).status === 'delivered');
    const [delivered] = system.simulator.delivered().filter((m) => m.to === CUSTOMER);
    await call(system.simulator.url, null, 'POST', `/simulator/messages/${delivered!.wamid}/read`);
    await eventually(async () => (await messageOf(sent.body.id)).status === 'read');
  });

  it('refuses free text outside the window, allows it after a reply, refuses it again 24 hours later', async () => {
    const text = (key: string) =>
      api('POST', `/v2/conversations/${conversationId}/messages`, { type: 'chat', text: 'Uw auto is klaar.' }, { 'idempotency-key': key });
    const refused = await text('free-text-0001');
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'WINDOW_CLOSED');
    assert.equal(system.simulator.delivered().filter((m) => m.type === 'text').length, 0, 'nothing reached WhatsApp');

    await call(system.simulator.url, null, 'POST', `/simulator/customers/${CUSTOMER}/reply`, { text: 'Hoe laat kan ik hem ophalen?' });
    await eventually(async () => (await api('GET', `/v2/conversations/${conversationId}`)).body.waiting === true);
    const conversation = (await api('GET', `/v2/conversations/${conversationId}`)).body;
    assert.equal(conversation.windowOpenUntil, conversation.lastInboundAt + 24 * HOUR);

    const allowed = await text('free-text-0002');
    assert.equal(allowed.status, 202);
    await eventually(async () => (await messageOf(allowed.body.id)).status === 'delivered');

    clock.advance(24 * HOUR + 1000);
    const closedAgain = await text('free-text-0003');
    assert.equal(closedAgain.status, 409);
    assert.equal(closedAgain.body.error.code, 'WINDOW_CLOSED');
  });

  it('sends a repeated request with the same idempotency key once', async () => {
    await call(system.simulator.url, null, 'POST', `/simulator/customers/${CUSTOMER}/reply`, { text: 'Nog een vraag' });
    await eventually(async () => (await api('GET', `/v2/conversations/${conversationId}`)).body.lastInboundAt >= clock.now() - 1000);
    const body = { type: 'chat', text: 'Eén keer, ook al vraag ik het twee keer.' };
    const first = await api('POST', `/v2/conversations/${conversationId}/messages`, body, { 'idempotency-key': 'retry-after-timeout-1' });
    const second = await api('POST', `/v2/conversations/${conversationId}/messages`, body, { 'idempotency-key': 'retry-after-timeout-1' });
    assert.equal(first.status, 202);
    assert.equal(second.status, 200);
    assert.equal(second.body.id, first.body.id);
    await eventually(async () => (await messageOf(first.body.id)).status === 'delivered');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(system.simulator.delivered().filter((m) => m.body === body.text).length, 1);
  });

  it('ends in the right state whatever order statuses arrive in, twice or late', async () => {
    const sent = await api('POST', `/v2/conversations/${conversationId}/messages`, { type: 'template', template: { name: 'appointment_reminder', language: 'nl', parameters: ['a', 'b', 'c', 'd'] } });
    await eventually(async () => (await messageOf(sent.body.id)).status === 'delivered');
    const wamid = system.simulator.delivered().at(-1)!.wamid;
    system.simulator.repeatStatus(wamid, 'read');
    await eventually(async () => (await messageOf(sent.body.id)).status === 'read');
    const seqBefore = (await api('GET', '/v2/events?since=0&limit=1000')).body.data.at(-1).seq;
    system.simulator.repeatStatus(wamid, 'delivered');
    system.simulator.repeatStatus(wamid, 'sent');
    system.simulator.repeatStatus(wamid, 'read');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await messageOf(sent.body.id)).status, 'read', 'read stays read');
    const after = (await api('GET', `/v2/events?since=${seqBefore}`)).body.data;
    assert.deepEqual(after, [], 'no status event for reports that change nothing');
  });

  it('records WhatsApp’s refusals on the message in words, and its late 131047 failures', async () => {
    // Unknown template at WhatsApp (our copy exists, Meta's does not): 132001.
    await seedApprovedTemplate(system.backend.store, system.org.organizationId, { ...REMINDER_TEMPLATE, name: 'not_approved_at_meta', body: 'Hallo {{1}}' }, clock.now());
    const unknown = await api('POST', `/v2/conversations/${conversationId}/messages`, { type: 'template', template: { name: 'not_approved_at_meta', language: 'nl', parameters: ['x'] } });
    const failed = await eventually(async () => {
      const m = await messageOf(unknown.body.id);
      return m.status === 'failed' && m;
    });
    assert.deepEqual(failed.failure, { code: 132001, reason: 'This template does not exist (in this language) or is not approved.' });

    // Our own check refuses a wrong parameter count before anything is sent.
    const wrongCount = await api('POST', `/v2/conversations/${conversationId}/messages`, { type: 'template', template: { name: 'appointment_reminder', language: 'nl', parameters: ['x'] } });
    assert.equal(wrongCount.status, 422);
    assert.equal(wrongCount.body.error.code, 'TEMPLATE_PARAMETERS');
  });

  it('answers the webhook handshake and refuses forged or unsigned webhooks', async () => {
    const ok = await fetch(`${system.backend.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${WHATSAPP.verifyToken}&hub.challenge=1158201444`);
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), '1158201444');
    const wrong = await fetch(`${system.backend.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1`);
    assert.equal(wrong.status, 403);

    const forged = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: 'x', changes: [{ field: 'messages', value: { metadata: { phone_number_id: WHATSAPP.phoneNumberId }, messages: [{ from: CUSTOMER, id: 'wamid.forged', timestamp: '1', type: 'text', text: { body: 'forged' } }] } }] }],
    });
    const post = (headers: Record<string, string>) =>
      fetch(`${system.backend.url}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: forged });
    assert.equal((await post({})).status, 401);
    const badSignature = `sha256=${createHmac('sha256', 'not-the-app-secret').update(forged).digest('hex')}`;
    assert.equal((await post({ 'x-hub-signature-256': badSignature })).status, 401);
    const messages = (await api('GET', `/v2/conversations/${conversationId}/messages`)).body.data;
    assert.ok(!messages.some((m: { text: string }) => m.text === 'forged'));
  });

  it('keeps back-channel notes internal', async () => {
    const before = system.simulator.delivered().length;
    const note = await api('POST', `/v2/conversations/${conversationId}/messages`, { type: 'chat', text: 'Klant belt om 15:00 terug', isBackchannel: true });
    assert.equal(note.status, 201);
    assert.equal(note.body.status, 'internal');
    assert.equal(note.body.touchpoint, 'internal');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(system.simulator.delivered().length, before);
  });

  it('marks a conversation read for everyone', async () => {
    const read = await api('POST', `/v2/conversations/${conversationId}/read`);
    assert.equal(read.body.waiting, false);
    const events = (await api('GET', '/v2/events?since=0&limit=1000')).body.data;
    assert.equal(events.at(-1).type, 'conversation.read');
  });
});
