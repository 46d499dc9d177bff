import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GRANTED_PERMISSIONS, mayGrant } from '../../src/shell/permissions';

/** Every permission Electron 45 names for a request or a check (electron.d.ts, setPermissionRequestHandler). */
const ELECTRON_PERMISSIONS = [
  'ar', 'automatic-fullscreen', 'background-fetch', 'background-sync', 'captured-surface-control', 'clipboard-read',
  'clipboard-sanitized-write', 'deprecated-sync-clipboard-read', 'display-capture', 'fileSystem', 'fullscreen', 'geolocation',
  'geolocation-approximate', 'hand-tracking', 'hid', 'idle-detection', 'keyboardLock', 'local-fonts', 'local-network',
  'local-network-access', 'loopback-network', 'media', 'mediaKeySystem', 'midi', 'midiSysex', 'nfc', 'notifications',
  'openExternal', 'payment-handler', 'periodic-background-sync', 'persistent-storage', 'pointerLock', 'screen-wake-lock',
  'sensors', 'serial', 'smart-card', 'speaker-selection', 'storage-access', 'system-wake-lock', 'top-level-storage-access',
  'usb', 'vr', 'web-app-installation', 'web-printing', 'window-management', 'unknown',
];

describe('which permissions a page gets', () => {
  it("grants notifications to the app's own top-level page, asked by address (a request) or by origin (a check)", () => {
    assert.equal(mayGrant({ permission: 'notifications', requestingUrl: 'app://board/index.html', isMainFrame: true }), true);
    assert.equal(mayGrant({ permission: 'notifications', requestingUrl: 'app://board/wall.html', isMainFrame: true }), true);
    assert.equal(mayGrant({ permission: 'notifications', requestingUrl: 'app://board', isMainFrame: true }), true);
  });

  it('grants nothing else, to anyone, the app included', () => {
    const refused = ELECTRON_PERMISSIONS.filter((p) => p !== 'notifications');
    assert.equal(refused.length, ELECTRON_PERMISSIONS.length - 1);
    for (const permission of refused) {
      assert.equal(mayGrant({ permission, requestingUrl: 'app://board/index.html', isMainFrame: true }), false, permission);
    }
    assert.deepEqual([...GRANTED_PERMISSIONS], ['notifications']);
  });

  it('refuses notifications to an embedded frame, to an unknown frame and to any other origin', () => {
    assert.equal(mayGrant({ permission: 'notifications', requestingUrl: 'app://board/index.html', isMainFrame: false }), false);
    assert.equal(mayGrant({ permission: 'notifications', requestingUrl: 'app://board/index.html', isMainFrame: undefined }), false);
    for (const requestingUrl of [
      'https://wa.me/',
      'https://board.autobedrijf-jansen.nl/',
      'http://127.0.0.1:5173/',
      'app://board.evil.com/index.html',
      'app://board@evil.com/',
      'app://other',
      'file:///index.html',
      'null',
      '',
    ]) {
      assert.equal(mayGrant({ permission: 'notifications', requestingUrl, isMainFrame: true }), false, requestingUrl);
    }
  });
});
