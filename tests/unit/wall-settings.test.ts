import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wallStartFrom, WallSettingsError } from '../../src/shell/wall-settings';
import { ipcCallFrom, shellOfferFor, wallAddress, windowChange, windowKindFor } from '../../src/shell/wall-window';
import { wallSettingsFromQuery } from '../../src/api/wall';

describe('the wall device’s settings', () => {
  it('defaults to initials, 20 seconds, every inbox and the browser’s language, and to a board', () => {
    assert.deepEqual(wallStartFrom([], {}, 'host'), { wall: false, settings: { names: 'initials', rotateSeconds: 20, inboxIds: null, locale: null } });
  });

  it('reads the command line in both forms, beside Electron’s and Chromium’s own arguments', () => {
    const start = wallStartFrom(['/opt/app/aftersales', '.', '--no-sandbox', '--wall', '--wall-names', 'full', '--wall-rotate=45', '--wall-inboxes', 'werkplaats, receptie', '--wall-language', 'nl'], {}, 'app');
    assert.deepEqual(start, { wall: true, settings: { names: 'full', rotateSeconds: 45, inboxIds: ['werkplaats', 'receptie'], locale: 'nl' } });
  });

  it('reads the environment, and the command line wins over it', () => {
    const env = { AFTERSALES_WALL: '1', AFTERSALES_WALL_NAMES: 'full', AFTERSALES_WALL_ROTATE: '30', AFTERSALES_WALL_INBOXES: 'a,b', AFTERSALES_WALL_LANGUAGE: 'en' };
    assert.deepEqual(wallStartFrom([], env, 'host'), { wall: true, settings: { names: 'full', rotateSeconds: 30, inboxIds: ['a', 'b'], locale: 'en' } });
    assert.equal(wallStartFrom(['--wall-names', 'initials'], env, 'host').settings.names, 'initials');
    // An empty variable is one not set.
    assert.equal(wallStartFrom([], { AFTERSALES_WALL_ROTATE: ' ' }, 'host').settings.rotateSeconds, 20);
  });

  it('refuses a rotation under 5 or over 600 seconds, or not a whole number, in words', () => {
    const refused = (argv: string[], env: Record<string, string> = {}, where: 'app' | 'host' = 'host') => {
      try {
        wallStartFrom(argv, env, where);
      } catch (error) {
        assert.ok(error instanceof WallSettingsError);
        return error.message;
      }
      assert.fail('not refused');
    };
    assert.equal(refused(['--wall-rotate', '4']), '--wall-rotate "4": the rotation must be at least 5 seconds: faster, nobody can read an inbox.');
    assert.equal(refused([], { AFTERSALES_WALL_ROTATE: '601' }), 'AFTERSALES_WALL_ROTATE "601": the rotation must be at most 600 seconds (10 minutes).');
    assert.equal(refused(['--wall-rotate', '7.5']), '--wall-rotate "7.5": the rotation must be a whole number of seconds.');
    assert.equal(refused(['--wall-rotate', 'twenty']), '--wall-rotate "twenty": the rotation must be a number of seconds.');
    assert.equal(refused(['--wall-names', 'surnames']), '--wall-names "surnames": names must be "initials" or "full".');
    assert.equal(refused(['--wall-language', 'de']), '--wall-language "de": the language must be "en" or "nl".');
    assert.equal(refused(['--wall-inboxes', ',']), '--wall-inboxes ",": name at least one inbox, or leave the inboxes out for all of them.');
    // Counted in words, never the list again: a list of thousands would flood the terminal.
    const many = Array.from({ length: 5000 }, (_, i) => `inbox-${i}`).join(',');
    assert.equal(refused(['--wall-inboxes', many]), '--wall-inboxes names 5000 inboxes; a wall rotates at most 50.');
    assert.equal(refused([], { AFTERSALES_WALL_INBOXES: many }), 'AFTERSALES_WALL_INBOXES names 5000 inboxes; a wall rotates at most 50.');
    assert.equal(refused(['--wall-inboxes', `a,${'x'.repeat(101)}`]), '--wall-inboxes, inbox 2: an inbox’s id or name has at most 100 characters.');
    assert.equal(refused(['--wall-rotate']), '--wall-rotate needs a value, for example --wall-rotate 20.');
    assert.equal(refused(['--wall-rotate', '--wall']), '--wall-rotate needs a value, for example --wall-rotate 20.');
    assert.equal(refused(['--wall-speed', '3']), '--wall-speed is not a wall setting: the wall takes --wall-names, --wall-rotate, --wall-inboxes, --wall-language, --wall-listen.');
    assert.equal(refused([], { AFTERSALES_WALL: 'yes' }), 'AFTERSALES_WALL is "yes": set it to 1 (a wall) or 0 (a board).');
    // The network is the headless host's: the app's wall is its own window, and says so rather than ignore it.
    assert.equal(refused(['--wall-speed', '3'], {}, 'app'), '--wall-speed is not a wall setting: the wall takes --wall-names, --wall-rotate, --wall-inboxes, --wall-language.');
    assert.match(refused(['--wall', '--wall-listen', '0.0.0.0'], {}, 'app'), /^--wall-listen is for `npm run serve -- --wall`, where a TV's own browser opens the wall; the app shows the wall in its own window/);
    // The variable may be set for the whole computer, for its headless host: an advisor's app still starts.
    assert.equal(wallStartFrom([], { AFTERSALES_WALL_LISTEN: '0.0.0.0' }, 'app').wall, false);
    assert.equal(wallStartFrom(['--wall', '--wall-listen', '0.0.0.0', '--wall-rotate', '30'], {}, 'host').settings.rotateSeconds, 30, 'the host reads it elsewhere');
  });
});

describe('which window a desktop opens', () => {
  it('opens the wall when started as one or registered as a wall device, else the board', () => {
    assert.equal(windowKindFor({ wallFlag: true, deviceRole: null }), 'wall');
    assert.equal(windowKindFor({ wallFlag: false, deviceRole: 'wall' }), 'wall');
    assert.equal(windowKindFor({ wallFlag: false, deviceRole: 'desktop' }), 'board');
    assert.equal(windowKindFor({ wallFlag: false, deviceRole: null }), 'board');
  });

  it('switches when the device becomes a wall, or stops being one, and not otherwise', () => {
    assert.equal(windowChange('board', { wallFlag: false, deviceRole: 'wall' }), 'wall');
    assert.equal(windowChange('wall', { wallFlag: false, deviceRole: 'desktop' }), 'board');
    assert.equal(windowChange('wall', { wallFlag: true, deviceRole: 'desktop' }), null);
    assert.equal(windowChange('board', { wallFlag: false, deviceRole: null }), null);
  });
});

describe('the kiosk window’s address and calls', () => {
  const page = 'app://board/wall.html';

  it('carries the device’s settings to the page, which reads them back as given', () => {
    const settings = { names: 'full' as const, rotateSeconds: 45, inboxIds: ['werkplaats', 'schade'], locale: 'nl' as const };
    const address = wallAddress(page, settings);
    assert.equal(address, 'app://board/wall.html?names=full&rotate=45&inboxes=werkplaats%2Cschade&language=nl');
    assert.deepEqual(wallSettingsFromQuery(new URL(address).searchParams), settings);
    const defaults = wallStartFrom([], {}, 'host').settings;
    assert.equal(wallAddress(page, defaults), page);
    assert.deepEqual(wallSettingsFromQuery(new URL(page).searchParams), defaults);
  });

  it('refuses an address whose settings a wall may not take', () => {
    assert.throws(() => wallSettingsFromQuery(new URLSearchParams('rotate=2')), /at least 5 seconds/);
  });

  it('lets the wall’s window call only the wall’s reads, with the wall start’s settings whatever its page asks', () => {
    const wall = wallStartFrom(['--wall', '--wall-names', 'initials'], {}, 'host').settings;
    const asked = { names: 'full', rotateSeconds: 20 };
    assert.deepEqual(ipcCallFrom(true, 'getWall', asked, wall), { allowed: true, method: 'getWall', params: wall });
    for (const method of ['moveCard', 'getConversation', 'getBoard', 'sendMessage', 'constructor', undefined]) {
      const call = ipcCallFrom(true, method, {}, wall);
      assert.equal(call.allowed, false, String(method));
      assert.equal(!call.allowed && call.error.code, 'WALL_READ_ONLY');
    }
    // Told by the window, not by an address: a board window's call goes through as asked.
    assert.deepEqual(ipcCallFrom(false, 'moveCard', { id: 'a' }, wall), { allowed: true, method: 'moveCard', params: { id: 'a' } });
  });
});

describe('what a wall process offers', () => {
  it('offers no tray, no application menu and no board window while the wall shows', () => {
    assert.deepEqual(shellOfferFor('wall'), { tray: false, applicationMenu: false, boardWindows: false });
    assert.deepEqual(shellOfferFor('board'), { tray: true, applicationMenu: true, boardWindows: true });
  });
});
