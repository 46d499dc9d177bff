import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { privateFile } from '../../src/sqlite/private-files';
import {
  centredOn,
  EMPTY_WINDOW_STATE,
  isReachable,
  layoutKey,
  placeWindow,
  stateFor,
  withState,
  WindowStateStore,
  type ScreenDisplay,
  type WindowState,
} from '../../src/shell/window-state';

/** A screen with a 40-pixel taskbar at the bottom. */
function screen(x: number, y: number, width: number, height: number, scaleFactor = 1): ScreenDisplay {
  return { bounds: { x, y, width, height }, workArea: { x, y, width, height: height - 40 }, scaleFactor };
}

const laptop = screen(0, 0, 1366, 768);
const monitor = screen(1366, 0, 1920, 1080);
const docked = [laptop, monitor];
const onMonitor: WindowState = { bounds: { x: 1500, y: 100, width: 1400, height: 850 }, maximized: false, fullScreen: false };

describe('where a board window opens', () => {
  it('keys a set of screens by their places, sizes and scales, in any order', () => {
    assert.equal(layoutKey(docked), layoutKey([monitor, laptop]));
    assert.notEqual(layoutKey(docked), layoutKey([laptop]));
    assert.notEqual(layoutKey([screen(0, 0, 1920, 1080, 1)]), layoutKey([screen(0, 0, 1920, 1080, 2)]));
  });

  it('restores the remembered state when its title bar is on a screen, maximised and full-screen included', () => {
    assert.deepEqual(placeWindow(onMonitor, docked, laptop), onMonitor);
    const maximised = { ...onMonitor, maximized: true };
    assert.deepEqual(placeWindow(maximised, docked, laptop), maximised);
    const full = { ...onMonitor, fullScreen: true };
    assert.deepEqual(placeWindow(full, docked, laptop), full);
  });

  it('centres the default size on the primary screen when the remembered place is gone or out of reach', () => {
    const centred = { bounds: { x: 0, y: 0, width: 1366, height: 728 }, maximized: false, fullScreen: false };
    assert.deepEqual(placeWindow(onMonitor, [laptop], laptop), centred, 'the monitor was unplugged: not left off-screen');
    assert.deepEqual(placeWindow({ ...onMonitor, maximized: true }, [laptop], laptop), centred, 'nor maximised on a screen it was not on');
    assert.deepEqual(placeWindow(undefined, docked, monitor).bounds, { x: 1606, y: 70, width: 1440, height: 900 });
    // Only the bottom edge peeks out above the screen, or the title bar is under the taskbar: not reachable.
    assert.equal(isReachable({ x: 100, y: -840, width: 1200, height: 850 }, [laptop]), false);
    assert.equal(isReachable({ x: 100, y: 740, width: 1200, height: 850 }, [laptop]), false);
    // A title bar 119 pixels on the screen cannot be grabbed well; 120 can.
    assert.equal(isReachable({ x: 1366 - 119, y: 10, width: 1200, height: 800 }, [laptop]), false);
    assert.equal(isReachable({ x: 1366 - 120, y: 10, width: 1200, height: 800 }, [laptop]), true);
  });

  it('fits the default size to a screen smaller than it', () => {
    assert.deepEqual(centredOn({ x: 0, y: 0, width: 1280, height: 680 }), { x: 0, y: 0, width: 1280, height: 680 });
  });

  it('sets a further window (File → New Window) down and right, normal-sized, and never off the screens', () => {
    const maximised = { ...onMonitor, maximized: true };
    assert.deepEqual(placeWindow(maximised, docked, laptop, 2), {
      bounds: { x: 1564, y: 164, width: 1400, height: 850 },
      maximized: false,
      fullScreen: false,
    });
    const atTheEdge: WindowState = { bounds: { x: 1366 + 1920 - 130, y: 0, width: 1200, height: 800 }, maximized: false, fullScreen: false };
    assert.deepEqual(placeWindow(atTheEdge, docked, laptop, 1).bounds, atTheEdge.bounds);
  });

  it('remembers one state per set of screens', () => {
    const atDesk = withState(EMPTY_WINDOW_STATE, docked, onMonitor);
    const onTheRoad: WindowState = { bounds: { x: 10, y: 10, width: 1300, height: 700 }, maximized: true, fullScreen: false };
    const both = withState(atDesk, [laptop], onTheRoad);
    assert.deepEqual(stateFor(both, docked), onMonitor);
    assert.deepEqual(stateFor(both, [laptop]), onTheRoad);
    assert.equal(stateFor(both, [monitor]), undefined);
  });
});

describe('the window-state file', () => {
  const folder = () => mkdtempSync(join(tmpdir(), 'window-state-'));

  it('is written whole, private to the user, and read back', () => {
    const dir = folder();
    const store = new WindowStateStore(dir, privateFile);
    assert.deepEqual(store.read(), { file: EMPTY_WINDOW_STATE, problem: null });
    const file = withState(EMPTY_WINDOW_STATE, docked, onMonitor);
    store.write(file);
    store.write(withState(file, [laptop], { ...onMonitor, bounds: { x: 0, y: 0, width: 1300, height: 700 } }));
    assert.deepEqual(stateFor(store.read().file, docked), onMonitor);
    assert.deepEqual(readdirSync(dir), ['window-state.json'], 'no temporary file left behind');
    if (process.platform !== 'win32') assert.equal(statSync(store.path).mode & 0o777, 0o600);
  });

  it('refuses to write what it could not read back', () => {
    const store = new WindowStateStore(folder(), privateFile);
    const bad = { version: 1 as const, layouts: { x: { ...onMonitor, bounds: { x: 0, y: 0, width: 0, height: 10 } } } };
    assert.throws(() => store.write(bad), /width/);
  });

  it('says in words why a damaged or foreign file was not used, and the windows open centred', () => {
    const dir = folder();
    const store = new WindowStateStore(dir, privateFile);
    writeFileSync(store.path, '{"version": 1, "layouts": {"a": {"bounds": {"x": 0}}}}');
    const wrong = store.read();
    assert.deepEqual(wrong.file, EMPTY_WINDOW_STATE);
    assert.match(wrong.problem!, /window-state\.json does not hold window states .*bounds\.y.*the windows open centred/s);
    writeFileSync(store.path, '{"version": 1, "lay');
    assert.match(store.read().problem!, /window-state\.json is not JSON/);
  });
});
