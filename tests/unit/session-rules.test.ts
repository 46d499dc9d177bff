import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boardApi } from '../../src/api/board-api';
import { METHOD_ACCESS } from '../../src/api/people';
import {
  deskRefusal,
  idleLockAt,
  inboxFilterAtSignIn,
  MAX_PIN_FAILURES,
  needsRenewal,
  pinAttempt,
  renewalAt,
  RENEW_MARGIN_MS,
  shouldIdleLock,
  signedOutReasonOf,
} from '../../src/desktop/auth/session-rules';

const MINUTE = 60_000;

describe('renewing an access token', () => {
  it('renews a 15-minute token at four fifths of its life', () => {
    assert.equal(renewalAt(1_000, 15 * MINUTE), 1_000 + 12 * MINUTE);
  });

  it('renews a short token a minute before its end at the latest, and one shorter than that at once', () => {
    assert.equal(renewalAt(0, 2 * MINUTE), 2 * MINUTE - RENEW_MARGIN_MS);
    assert.equal(renewalAt(5_000, 30_000), 5_000);
  });

  it('uses a token until its renewal time, and renews it from then on', () => {
    const at = renewalAt(0, 15 * MINUTE);
    assert.equal(needsRenewal(at, at - 1), false);
    assert.equal(needsRenewal(at, at), true);
    assert.equal(needsRenewal(at, at + 20 * MINUTE), true);
  });
});

describe('PIN attempts', () => {
  it('clears nothing on a right PIN', () => {
    assert.deepEqual(pinAttempt(3, true), { ok: true });
  });

  it('counts wrong PINs and says how many tries are left', () => {
    assert.deepEqual(pinAttempt(0, false), { ok: false, failures: 1, left: 4, forget: false });
    assert.deepEqual(pinAttempt(3, false), { ok: false, failures: 4, left: 1, forget: false });
  });

  it('forgets the session at the fifth wrong PIN in a row', () => {
    assert.equal(MAX_PIN_FAILURES, 5);
    assert.deepEqual(pinAttempt(4, false), { ok: false, failures: 5, left: 0, forget: true });
    // Counted on, should a count be higher already (a desktop that forgot it then), it still forgets.
    assert.deepEqual(pinAttempt(7, false), { ok: false, failures: 8, left: 0, forget: true });
  });
});

describe('idle lock', () => {
  const state = { signedIn: true, locked: false, lastActivity: 10 * MINUTE, minutes: 5 };

  it('locks the given minutes after the last use', () => {
    assert.equal(idleLockAt(10 * MINUTE, 5), 15 * MINUTE);
    assert.equal(shouldIdleLock(state, 15 * MINUTE - 1), false);
    assert.equal(shouldIdleLock(state, 15 * MINUTE), true);
  });

  it('never locks without an idle lock set, without anyone signed in, or when locked already', () => {
    assert.equal(idleLockAt(0, null), null);
    assert.equal(shouldIdleLock({ ...state, minutes: null }, 100 * MINUTE), false);
    assert.equal(shouldIdleLock({ ...state, signedIn: false }, 100 * MINUTE), false);
    assert.equal(shouldIdleLock({ ...state, locked: true }, 100 * MINUTE), false);
  });

  it('waits again from a later use', () => {
    assert.equal(shouldIdleLock({ ...state, lastActivity: 14 * MINUTE }, 15 * MINUTE), false);
  });
});

describe('why a session ended, from the backend’s 401', () => {
  it('tells a revoked session from one that ran out', () => {
    assert.equal(signedOutReasonOf('SESSION_ENDED', 'This session was revoked on 2026-11-30T10:00:00.000Z; sign in again.'), 'revoked');
    assert.equal(signedOutReasonOf('SESSION_ENDED', 'This session ended on 2026-11-30T10:00:00.000Z; sign in again.'), 'expired');
  });

  it('calls any other refusal refused', () => {
    assert.equal(signedOutReasonOf('UNAUTHORIZED', 'This token is not valid (any more).'), 'refused');
  });
});

describe('what a shared desk takes while locked or while nobody is signed in', () => {
  const signedIn = { mode: 'device' as const, signedIn: true, locked: false };
  const locked = { mode: 'device' as const, signedIn: true, locked: true };
  const nobody = { mode: 'device' as const, signedIn: false, locked: false };

  it('places every method of the BoardApi, so a new one must be placed before it runs', () => {
    assert.deepEqual(Object.keys(METHOD_ACCESS).sort(), Object.keys(boardApi).sort());
  });

  it('refuses a person’s change while locked and while nobody is signed in on a device; a signed-in person’s goes', () => {
    assert.equal(deskRefusal('person', locked), 'LOCKED');
    assert.equal(deskRefusal('person', nobody), 'NOT_SIGNED_IN');
    assert.equal(deskRefusal('person', signedIn), null);
  });

  it('takes the desktop’s own set-up while nobody is signed in, not while locked (it would be the locked person’s)', () => {
    assert.equal(deskRefusal('desk', nobody), null);
    assert.equal(deskRefusal('desk', locked), 'LOCKED');
  });

  it('always takes signing in, unlocking and reading', () => {
    for (const desk of [locked, nobody, signedIn]) {
      assert.equal(deskRefusal('session', desk), null);
      assert.equal(deskRefusal('read', desk), null);
    }
  });

  it('needs nobody to sign in standalone or on a person’s own token', () => {
    for (const mode of ['standalone', 'personal'] as const) assert.equal(deskRefusal('person', { mode, signedIn: false, locked: false }), null);
  });

  it('places the methods the sign-in and lock screens use where they keep working', () => {
    for (const method of ['getSession', 'signIn', 'acceptInvitation', 'signInWithProvider', 'switchUser', 'signOut', 'lock'] as const) assert.equal(METHOD_ACCESS[method], 'session');
    for (const method of ['getSettings', 'getConnection', 'getStart', 'getConnectionSettings'] as const) assert.equal(METHOD_ACCESS[method], 'read');
    for (const method of ['moveCard', 'setColour', 'setAdvisor', 'sendMessage', 'addComment', 'markRead', 'createManualAppointment', 'runImport', 'saveSource', 'listUsers', 'saveOidcSettings'] as const) {
      assert.equal(METHOD_ACCESS[method], 'person');
    }
  });
});

describe('the inbox filter of someone signing in', () => {
  const unsaved = { locale: null, inboxFilter: null, mine: false };

  it('is the inboxes they work in while they saved no view settings', () => {
    assert.deepEqual(inboxFilterAtSignIn(unsaved, ['i-1', 'i-2']), ['i-1', 'i-2']);
  });

  it('is every inbox for someone who works in all of them', () => {
    assert.equal(inboxFilterAtSignIn(unsaved, []), null);
  });

  it('is their own once they saved any view settings, every inbox included', () => {
    assert.equal(inboxFilterAtSignIn({ ...unsaved, locale: 'nl' }, ['i-1']), null);
    assert.deepEqual(inboxFilterAtSignIn({ ...unsaved, inboxFilter: ['i-2'] }, ['i-1']), ['i-2']);
  });
});
