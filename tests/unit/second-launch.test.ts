import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SecondLaunches } from '../../src/shell/second-launch';

describe('a second launch of the app', () => {
  it('heard during a slow start brings the window forward once it exists, once however many came', () => {
    const launches = new SecondLaunches();
    let forward = 0;
    launches.arrived();
    launches.arrived();
    assert.equal(forward, 0);
    launches.ready(() => (forward += 1));
    assert.equal(forward, 1);
  });

  it('after the start brings it forward each time, and nothing when none came', () => {
    const launches = new SecondLaunches();
    let forward = 0;
    launches.ready(() => (forward += 1));
    assert.equal(forward, 0);
    launches.arrived();
    launches.arrived();
    assert.equal(forward, 2);
  });
});
