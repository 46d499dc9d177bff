import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { installDecision, installWindowAt, INSTALL_RULES, installsUnattended } from '../../src/shell/update-install';

const AMS = 'Europe/Amsterdam';
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const IN_USE = { idleSeconds: 20, locked: false };
const AWAY = { idleSeconds: INSTALL_RULES.idleThresholdSeconds, locked: false };

describe('installing a downloaded update at the manager\'s install time', () => {
  it('waits for the install time on the dealership\'s wall clock (19:00 in Amsterdam is 18:00 UTC in winter)', () => {
    const decision = installDecision(at('2026-11-30T13:00:00Z'), AMS, '19:00', AWAY);
    assert.deepEqual(decision, { install: false, nextAttemptAt: at('2026-11-30T18:00:00Z') });
  });

  it('installs at the time when nobody has used the workstation for ten minutes', () => {
    assert.deepEqual(installDecision(at('2026-11-30T18:00:00Z'), AMS, '19:00', AWAY), { install: true });
    assert.deepEqual(installDecision(at('2026-11-30T18:00:00Z'), AMS, '19:00', { idleSeconds: 599, locked: false }), {
      install: false,
      nextAttemptAt: at('2026-11-30T18:05:00Z'),
    });
  });

  it('installs when the screen or the board is locked, however recently it was used', () => {
    assert.deepEqual(installDecision(at('2026-11-30T18:30:00Z'), AMS, '19:00', { idleSeconds: 0, locked: true }), { install: true });
  });

  it('never under someone at work: asks again every five minutes for three hours, then the next evening', () => {
    assert.deepEqual(installDecision(at('2026-11-30T18:00:00Z'), AMS, '19:00', IN_USE), { install: false, nextAttemptAt: at('2026-11-30T18:05:00Z') });
    assert.deepEqual(installDecision(at('2026-11-30T20:54:59Z'), AMS, '19:00', IN_USE), { install: false, nextAttemptAt: at('2026-11-30T20:59:59Z') });
    // 21:56 local: the next look would fall after the window (until 22:00), so the next evening's window is waited for.
    assert.deepEqual(installDecision(at('2026-11-30T20:56:00Z'), AMS, '19:00', IN_USE), { install: false, nextAttemptAt: at('2026-12-01T18:00:00Z') });
    // And the next morning, at the start of a shift, idle or not, it waits for the evening too.
    assert.deepEqual(installDecision(at('2026-12-01T06:30:00Z'), AMS, '19:00', AWAY), { install: false, nextAttemptAt: at('2026-12-01T18:00:00Z') });
  });

  it('keeps a window that opened before midnight open after it (install time 23:30)', () => {
    const window = installWindowAt(at('2026-11-30T23:15:00Z'), AMS, '23:30');
    assert.equal(iso(window.start), '2026-11-30T22:30:00.000Z');
    assert.deepEqual(installDecision(at('2026-11-30T23:15:00Z'), AMS, '23:30', AWAY), { install: true });
  });

  it('follows the zone across the switch to summer time (19:00 on 29 March 2026 is 17:00 UTC)', () => {
    assert.deepEqual(installDecision(at('2026-03-29T12:00:00Z'), AMS, '19:00', AWAY), { install: false, nextAttemptAt: at('2026-03-29T17:00:00Z') });
    assert.deepEqual(installDecision(at('2026-03-28T20:30:00Z'), AMS, '19:00', IN_USE), { install: false, nextAttemptAt: at('2026-03-28T20:35:00Z') });
    // A time that does not exist that night (02:30) is read as 03:30, as a person resets a watch.
    assert.equal(iso(installWindowAt(at('2026-03-28T23:00:00Z'), AMS, '02:30').start), '2026-03-29T01:30:00.000Z');
  });

  it('uses another dealership\'s zone as given (London)', () => {
    assert.deepEqual(installDecision(at('2026-07-01T10:00:00Z'), 'Europe/London', '19:00', AWAY), { install: false, nextAttemptAt: at('2026-07-01T18:00:00Z') });
  });
});

describe('whether an update can install with nobody at the workstation', () => {
  const LOCAL = 'C:\\Users\\sam\\AppData\\Local';
  const windows = (execPath: string) => installsUnattended({ platform: 'win32', execPath, env: { LOCALAPPDATA: LOCAL, ProgramFiles: 'C:\\Program Files' } });

  it('a per-user Windows install (under %LOCALAPPDATA%) can: its installer needs no administrator', () => {
    assert.equal(windows('C:\\Users\\sam\\AppData\\Local\\Programs\\Aftersales Board\\Aftersales Board.exe'), true);
    assert.equal(windows('c:/users/SAM/appdata/local/Programs/Aftersales Board/Aftersales Board.exe'), true);
  });

  it('a per-machine Windows install (Program Files) cannot: each update asks for UAC consent; nor a folder IT chose, which may need it', () => {
    assert.equal(windows('C:\\Program Files\\Aftersales Board\\Aftersales Board.exe'), false);
    assert.equal(windows('D:\\Apps\\Aftersales Board\\Aftersales Board.exe'), false);
    // A folder whose name only starts like %LOCALAPPDATA% is another folder.
    assert.equal(windows('C:\\Users\\sam\\AppData\\LocalOther\\Aftersales Board.exe'), false);
    assert.equal(installsUnattended({ platform: 'win32', execPath: 'C:\\Users\\sam\\AppData\\Local\\Programs\\a.exe', env: {} }), false);
  });

  it('an AppImage can (electron-updater replaces the file); a .deb cannot (pkexec or sudo asks for a password)', () => {
    assert.equal(installsUnattended({ platform: 'linux', execPath: '/tmp/.mount_Aftersxyz/aftersales-board', env: { APPIMAGE: '/home/sam/Aftersales-Board-1.2.0.AppImage' } }), true);
    assert.equal(installsUnattended({ platform: 'linux', execPath: '/opt/Aftersales Board/aftersales-board', env: {} }), false);
  });
});
