import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, eventually, REMINDER_TEMPLATE, seedApprovedTemplate, startSystem } from '../support/backend';
import { manualTime } from '../support/time';

const TIMEOUT_MS = 10_000;
const GRACE_MS = 30_000;
/** The simulator's 80 a second, less the worker's 3 % margin: one send every 1000/77 ms. */
const SLOT_MS = 1000 / Math.floor(80 * 0.97);
const SLOW = '31611000001';
const OTHERS = ['31611000002', '31611000003', '31611000004'];

describe('backend: one slow WhatsApp answer does not hold up the other sends', () => {
  const time = manualTime(Date.parse('2026-11-25T08:00:00Z'));
  let system: Awaited<ReturnType<typeof startSystem>>;
  const conversations = new Map<string, string>();

  before(async () => {
    system = await startSystem({
      clock: time.clock,
      sendWorker: { timers: time.timers, sendTimeoutMs: TIMEOUT_MS, interruptedGraceMs: GRACE_MS, pollMs: 1000 },
    });
    await seedApprovedTemplate(system.backend.store, system.org.organizationId, REMINDER_TEMPLATE, time.clock.now());
    for (const waId of [SLOW, ...OTHERS]) {
      const created = await api('POST', '/v2/conversations', { contact: { profile: { telephone: `+${waId}` } } });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      conversations.set(waId, created.body.id);
    }
  });
  after(async () => {
    await system.backend.close();
    await system.simulator.close();
  });

  const api = (method: string, path: string, body?: unknown) => call(system.backend.url, system.org.token, method, path, body);
  const remind = async (waId: string, key: string): Promise<string> => {
    const sent = await api('POST', `/v2/conversations/${conversations.get(waId)}/messages`, {
      type: 'template',
      template: { name: 'appointment_reminder', language: 'nl', parameters: ['Klant', 'morgen', '09:30', key] },
    });
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    return sent.body.id;
  };
  const status = async (id: string) => (await system.backend.store.messages.get(id))!.status;
  const sendState = (id: string) => system.backend.store.sends.stateOf(id);
  const deliveredTo = (waId: string, key: string) => system.simulator.delivered().filter((m) => m.to === waId && m.body.includes(key));
  /** Polls while time moves on in steps of 5 ms: the pacing's slots pass, a send's timeout is far off. */
  const whileTimeMoves = <T>(check: () => T | Promise<T>) =>
    eventually(() => {
      time.advance(5);
      return check();
    });

  it('delivers other customers’ messages while one answer is held, and sends the held one once after its timeout', async () => {
    const stall = system.simulator.stall(SLOW, { taken: false });
    const slow = await remind(SLOW, 'held-1');
    await eventually(async () => (await sendState(slow)) === 'sending');

    // Queued after the slow send left: they do not wait for its answer.
    const others: string[] = [];
    for (const waId of OTHERS) others.push(await remind(waId, 'meanwhile-1'));
    await whileTimeMoves(async () => (await Promise.all(others.map(status))).every((s) => s === 'delivered'));
    assert.deepEqual(deliveredTo(SLOW, 'held-1'), []);
    assert.equal(await status(slow), 'queued');
    assert.equal(await sendState(slow), 'sending');

    // Within the pacing: the simulator saw the others one slot apart (in the 5 ms steps time moved in).
    const times = OTHERS.map((waId) => deliveredTo(waId, 'meanwhile-1')[0]!.at).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= SLOT_MS - 5, `sends ${times.join(', ')} keep the pace`);

    // No answer within the timeout: the send may or may not have reached WhatsApp, so it
    // waits for a status report before it is sent again.
    time.advance(TIMEOUT_MS);
    await eventually(async () => (await sendState(slow)) === 'pending');
    // The request was given up: once WhatsApp's side has seen its connection close, it never got through.
    await eventually(() => stall.gaveUp() === 1);
    stall.release();
    time.advance(GRACE_MS - 1000);
    assert.equal(await sendState(slow), 'pending', 'not sent again before the grace period is over');
    time.advance(1000);
    await whileTimeMoves(async () => (await status(slow)) === 'delivered');
    assert.equal(deliveredTo(SLOW, 'held-1').length, 1, 'delivered once');
    assert.equal((await system.backend.store.messages.get(slow))!.failure, null);
  });

  it('does not send again a message WhatsApp took but did not answer for, once its status arrived', async () => {
    const stall = system.simulator.stall(SLOW, { taken: true });
    const slow = await remind(SLOW, 'taken-2');
    // WhatsApp has it and reports it, while the answer to the send is still held.
    await whileTimeMoves(async () => (await status(slow)) === 'delivered');
    assert.equal(await sendState(slow), 'done');
    const other = await remind(OTHERS[0]!, 'meanwhile-2');
    await whileTimeMoves(async () => (await status(other)) === 'delivered');

    time.advance(TIMEOUT_MS);
    time.advance(GRACE_MS + 1000);
    assert.equal(await sendState(slow), 'done', 'settled by its status: the timeout does not queue it again');
    stall.release();
    await whileTimeMoves(() => deliveredTo(SLOW, 'taken-2').length === 1);
    time.advance(GRACE_MS);
    assert.equal(await sendState(slow), 'done');
    assert.equal(deliveredTo(SLOW, 'taken-2').length, 1, 'delivered once');
  });
});
