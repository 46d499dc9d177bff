import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BoardEvent } from '../../src/api/board-api';
import { BADGE_IMAGE_LABELS, badgeImageFile, badgeLabel, mayChangeWaitingCount, WaitingCountFollower } from '../../src/shell/waiting-count';

/** A read the test answers when it wants: the core's answer arriving late. */
function pendingReads() {
  const answers: Array<(count: number) => void> = [];
  const failures: Array<(error: Error) => void> = [];
  return {
    read: () =>
      new Promise<number>((resolve, reject) => {
        answers.push(resolve);
        failures.push(reject);
      }),
    started: () => answers.length,
    answer: (index: number, count: number) => answers[index]!(count),
    fail: (index: number, error: Error) => failures[index]!(error),
  };
}

const changed: BoardEvent = { type: 'conversation.changed', contactIds: ['c1'] };
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the waiting count for the tray and the badge', () => {
  it('shows nothing for none, the number up to nine, then 9+', () => {
    assert.deepEqual([0, 1, 9, 10, 250].map(badgeLabel), ['', '1', '9', '9+', '9+']);
    assert.deepEqual([0, 1, 9, 10, 250].map(badgeImageFile), [null, 'badge-1.png', 'badge-9.png', 'badge-9plus.png', 'badge-9plus.png']);
    assert.deepEqual(
      BADGE_IMAGE_LABELS.map((b) => b.label),
      ['1', '2', '3', '4', '5', '6', '7', '8', '9', '9+'],
    );
  });

  it('reads again after events that may change who waits, and not after those that cannot', () => {
    assert.equal(mayChangeWaitingCount(changed), true);
    assert.equal(mayChangeWaitingCount({ type: 'message.received', messageId: 'm1', appointmentId: null, customerName: null, text: 'hoi' }), true);
    assert.equal(mayChangeWaitingCount({ type: 'appointments.changed', ids: [] }), true);
    assert.equal(mayChangeWaitingCount({ type: 'settings.changed' }), true);
    assert.equal(mayChangeWaitingCount({ type: 'sources.changed' }), false);
    assert.equal(mayChangeWaitingCount({ type: 'ui.openConversation', appointmentId: 'a1' }), false);
  });

  it('reads one at a time: a burst during a read costs exactly one more read, which shows the last count', async () => {
    const reads = pendingReads();
    const shown: number[] = [];
    const follower = new WaitingCountFollower({ read: reads.read, show: (n) => shown.push(n), failed: (e) => assert.fail(String(e)) });
    follower.take(changed);
    for (let i = 0; i < 50; i++) follower.take(changed);
    follower.take({ type: 'sources.changed' });
    assert.equal(reads.started(), 1, 'one read under way, whatever arrived meanwhile');
    reads.answer(0, 3);
    await flush();
    assert.equal(reads.started(), 2, 'the changes during the first read cause one more');
    reads.answer(1, 4);
    await follower.idle();
    assert.equal(reads.started(), 2);
    assert.deepEqual(shown, [3, 4]);
  });

  it('shows a count only when it differs from the one shown, and keeps it when a read fails', async () => {
    const reads = pendingReads();
    const shown: number[] = [];
    const failures: string[] = [];
    const follower = new WaitingCountFollower({ read: reads.read, show: (n) => shown.push(n), failed: (e) => failures.push((e as Error).message) });
    follower.refresh();
    reads.answer(0, 2);
    await follower.idle();
    follower.take(changed);
    reads.answer(1, 2);
    await follower.idle();
    follower.take(changed);
    reads.fail(2, new Error('the cache is closed'));
    await follower.idle();
    follower.take(changed);
    reads.answer(3, 0);
    await follower.idle();
    assert.deepEqual(shown, [2, 0]);
    assert.deepEqual(failures, ['the cache is closed']);
  });
});
