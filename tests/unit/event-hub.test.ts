import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BackendEvent } from '../../src/api/v2/event';
import { EventHub } from '../../src/backend/events/event-hub';

/** An organisation's committed log, as another process's commits leave it. */
function log() {
  const events: BackendEvent[] = [];
  const add = (...seqs: number[]) => seqs.map((seq) => {
    const event: BackendEvent = { seq, type: 'conversation.read', data: { conversation: `c${seq}` }, createdAt: seq };
    events.push(event);
    return event;
  });
  const read = async (_org: string, after: number, limit: number) => events.filter((e) => e.seq > after).slice(0, limit);
  return { add, read };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the event hub: every listener gets each seq once, in order, whichever process committed it', () => {
  it('hands this process’s commits over directly', () => {
    const { add, read } = log();
    const hub = new EventHub(read, (e) => assert.fail(String(e)));
    const seen: number[] = [];
    hub.subscribe('o1', (e) => seen.push(e.seq));
    hub.committed('o1', add(1, 2));
    hub.committed('o1', add(3));
    assert.deepEqual(seen, [1, 2, 3]);
  });

  it('reads from the log what another process committed, from its announcement', async () => {
    const { add, read } = log();
    const hub = new EventHub(read, (e) => assert.fail(String(e)));
    const seen: number[] = [];
    hub.subscribe('o1', (e) => seen.push(e.seq));
    hub.committed('o1', add(1));
    add(2, 3);
    hub.announced('o1', 2, 3);
    await settle();
    assert.deepEqual(seen, [1, 2, 3]);
    // Its own commits come back as announcements too: nothing twice.
    hub.announced('o1', 1, 1);
    await settle();
    assert.deepEqual(seen, [1, 2, 3]);
  });

  it('fills a gap from the log when a commit here follows one from elsewhere whose announcement is late', async () => {
    const { add, read } = log();
    const hub = new EventHub(read, (e) => assert.fail(String(e)));
    const seen: number[] = [];
    hub.subscribe('o1', (e) => seen.push(e.seq));
    hub.committed('o1', add(1));
    add(2); // another process's, not yet announced
    hub.committed('o1', add(3));
    await settle();
    assert.deepEqual(seen, [1, 2, 3]);
    hub.announced('o1', 2, 2);
    await settle();
    assert.deepEqual(seen, [1, 2, 3]);
  });

  it('catches every followed organisation up after a lost announcement connection', async () => {
    const { add, read } = log();
    const hub = new EventHub(read, (e) => assert.fail(String(e)));
    const seen: number[] = [];
    hub.subscribe('o1', (e) => seen.push(e.seq));
    hub.committed('o1', add(1));
    add(2, 3, 4); // announced while the connection was down
    hub.resync(async () => 4);
    await settle();
    await settle();
    assert.deepEqual(seen, [1, 2, 3, 4]);
  });

  it('tells workers that follow every log of each commit, here or elsewhere', async () => {
    const { add, read } = log();
    const hub = new EventHub(read, (e) => assert.fail(String(e)));
    let told = 0;
    hub.subscribeAll(() => told++);
    hub.committed('o1', add(1));
    add(2);
    hub.announced('o1', 2, 2);
    await settle();
    hub.announced('o1', 1, 1);
    assert.equal(told, 2, 'once for the commit here, once for the one elsewhere, not for its own returning');
  });
});
