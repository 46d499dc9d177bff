import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { call, eventually, openTestStore, REMINDER_TEMPLATE, seedApprovedTemplate, startSystem } from '../support/backend';
import { manualTime } from '../support/time';

/** A promise and the function that settles it: what the test holds and lets go. */
function opened(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('backend: a stop in the middle of the send queue’s pass', () => {
  // Time moves only by hand, far less than a claim lasts: a send left claimed by the stopped process would not be sent again.
  const time = manualTime(Date.parse('2026-11-25T08:00:00Z'));
  let system: Awaited<ReturnType<typeof startSystem>>;
  after(async () => {
    await system.backend.close();
    await system.simulator.close();
  });

  it('puts a send it claimed while stopping back in the queue, and the next start delivers it once', async () => {
    system = await startSystem({ clock: time.clock, sendWorker: { timers: time.timers, pollMs: 1000 } });
    await seedApprovedTemplate(system.backend.store, system.org.organizationId, REMINDER_TEMPLATE, time.clock.now());
    const created = await call(system.backend.url, system.org.token, 'POST', '/v2/conversations', { contact: { profile: { telephone: '+31612340001' } } });
    assert.equal(created.status, 201, JSON.stringify(created.body));

    // Hold the pass at its claim until the backend has been asked to stop, and then the send it
    // claimed at its pacing slot: the backend's store must not close under that send.
    const store = system.backend.store;
    const claimDue = store.sends.claimDue.bind(store.sends);
    const reserveSlot = store.sends.reserveSlot.bind(store.sends);
    const closeStore = store.close.bind(store);
    const atClaim = opened();
    const claimHeld = opened();
    const sendHeld = opened();
    let sendUnderWay = false;
    let closedUnderSend = false;
    store.sends.claimDue = async (...args) => {
      atClaim.resolve();
      await claimHeld.promise;
      return claimDue(...args);
    };
    store.sends.reserveSlot = async (...args) => {
      sendUnderWay = true;
      // Long enough for a stop that does not wait for its sends to close the store first.
      setTimeout(sendHeld.resolve, 300);
      await sendHeld.promise;
      try {
        return await reserveSlot(...args);
      } finally {
        sendUnderWay = false;
      }
    };
    store.close = async () => {
      closedUnderSend ||= sendUnderWay;
      sendHeld.resolve();
      await closeStore();
    };
    const queued = await call(system.backend.url, system.org.token, 'POST', `/v2/conversations/${created.body.id}/messages`, {
      type: 'template',
      template: { name: 'appointment_reminder', language: 'nl', parameters: ['Klant', 'morgen', '09:30', 'stop-1'] },
    });
    assert.equal(queued.status, 202, JSON.stringify(queued.body));
    await atClaim.promise;
    const closed = system.backend.close();
    claimHeld.resolve();
    await closed;
    assert.equal(closedUnderSend, false, 'the store closed while a send it had claimed was still under way');

    const reopened = await openTestStore(system.dataFile);
    try {
      assert.equal(await reopened.sends.stateOf(queued.body.id), 'pending', 'back in the queue, not left claimed by a stopped process');
    } finally {
      await reopened.close();
    }
    system = await startSystem({ clock: time.clock, dataFile: system.dataFile, org: system.org, simulator: system.simulator, sendWorker: { timers: time.timers, pollMs: 1000 } });
    // The send keeps the channel's pace: time moves in steps of 5 ms until its slot has come.
    await eventually(() => {
      time.advance(5);
      return system.simulator.delivered().find((m) => m.body.includes('stop-1'));
    });
    assert.equal(system.simulator.delivered().filter((m) => m.body.includes('stop-1')).length, 1);
  });
});
