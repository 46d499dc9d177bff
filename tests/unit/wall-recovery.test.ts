import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WALL_RELOAD, WALL_STABLE_MS, WALL_UNRESPONSIVE_MS, WallReloads } from '../../src/shell/wall-recovery';

describe('a wall page that goes is loaded again', () => {
  it('after a wait that grows with each loss in a row, up to its ceiling, never in a tight loop', () => {
    const reloads = new WallReloads(() => 1);
    let now = 0;
    reloads.loading(now);
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      now += 500; // dies half a second after each load
      const wait = reloads.gone(now);
      waits.push(wait);
      now += wait;
      reloads.loading(now);
    }
    assert.equal(waits[0], WALL_RELOAD.baseMs);
    for (let i = 1; i < waits.length; i++) assert.ok(waits[i]! >= waits[i - 1]!, `wait ${i} does not shrink`);
    assert.equal(waits.at(-1), WALL_RELOAD.maxMs);
    assert.ok(waits.every((w) => w >= WALL_RELOAD.baseMs / 2));
  });

  it('starts the waits again from the first once a page has stayed up a while', () => {
    const reloads = new WallReloads(() => 1);
    reloads.loading(0);
    reloads.gone(100);
    reloads.loading(1100);
    assert.equal(reloads.gone(1200), WALL_RELOAD.baseMs * 2);
    reloads.loading(3200);
    assert.equal(reloads.gone(3200 + WALL_STABLE_MS), WALL_RELOAD.baseMs);
  });

  it('ends a hung page within a minute rather than leaving it frozen', () => {
    assert.ok(WALL_UNRESPONSIVE_MS > 0 && WALL_UNRESPONSIVE_MS <= 60_000);
  });
});
