import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allowedOrigins } from '../../src/shell/external-links';
import { APP_ENTRY, APP_ORIGIN, isAppUrl, mayNavigate, windowOpenDecision } from '../../src/shell/navigation';

describe('where a page of the app may navigate', () => {
  it("stays within the app's bundle", () => {
    assert.equal(APP_ENTRY, 'app://board/index.html');
    for (const address of [APP_ENTRY, `${APP_ORIGIN}/`, `${APP_ORIGIN}/wall.html?inbox=1#top`, 'app://board/assets/../index.html']) {
      assert.equal(mayNavigate(address), true, address);
      assert.equal(isAppUrl(address), true, address);
    }
  });

  it('never leaves it: other hosts of app://, the web, files, scripts, data and blobs are refused', () => {
    for (const address of [
      'app://board@evil.com/index.html',
      'app://user:pass@board/index.html',
      'app://board.evil.com/index.html',
      'app://boardx/index.html',
      'app://board:8080/index.html',
      'app://other/index.html',
      'app:board/index.html',
      'https://wa.me/31612345678',
      'https://board.autobedrijf-jansen.nl/',
      'http://127.0.0.1:5173/',
      'file:///C:/Windows/System32/calc.exe',
      'javascript:alert(1)',
      'data:text/html,<h1>x</h1>',
      'blob:app://board/1d9a3c5e-1111-2222-3333-444455556666',
      'about:blank',
      'chrome://gpu',
      'devtools://devtools/bundled/inspector.html',
      'not an address',
      '',
    ]) {
      assert.equal(mayNavigate(address), false, address);
    }
  });
});

describe('what window.open and a link to a new window do', () => {
  const allowed = allowedOrigins({ backendUrl: 'https://board.autobedrijf-jansen.nl', oidcIssuer: null });

  it('never makes a window: an allowed link goes to the system browser', () => {
    assert.deepEqual(windowOpenDecision('https://wa.me/31612345678', allowed), {
      action: 'deny',
      external: { open: true, url: 'https://wa.me/31612345678' },
    });
  });

  it("refuses, and says why, a link off the allow-list, and even the app's own page", () => {
    assert.deepEqual(windowOpenDecision('https://evil.com/', allowed), { action: 'deny', external: { open: false, reason: 'host-not-allowed' } });
    assert.deepEqual(windowOpenDecision(APP_ENTRY, allowed), { action: 'deny', external: { open: false, reason: 'not-https' } });
    assert.deepEqual(windowOpenDecision('about:blank', allowed), { action: 'deny', external: { open: false, reason: 'not-https' } });
  });
});
