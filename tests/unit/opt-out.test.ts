import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formFields, formText } from '../../src/domain/appointment-form';
import { mayReceive, optOutIntent } from '../../src/domain/opt-out';

describe('opt-out by message', () => {
  it('opts out on STOP and its words in Dutch and French, whatever the case, spaces, punctuation or emoji around it', () => {
    for (const [text, by] of [
      ['STOP', 'STOP'],
      ['stop', 'STOP'],
      ['  Stop!  ', 'STOP'],
      ['“stop”', 'STOP'],
      ['stop 🙏', 'STOP'],
      ['Stoppen.', 'STOPPEN'],
      ['ARRÊT', 'ARRÊT'],
      ['arret', 'ARRET'],
      ['Unsubscribe', 'UNSUBSCRIBE'],
      ['afmelden', 'AFMELDEN'],
    ] as const) {
      assert.deepEqual(optOutIntent(text), { kind: 'out', by }, text);
    }
  });

  it('opts in again on START or AANMELDEN', () => {
    assert.deepEqual(optOutIntent('start'), { kind: 'in', by: 'START' });
    assert.deepEqual(optOutIntent(' Aanmelden! '), { kind: 'in', by: 'AANMELDEN' });
  });

  it('is not asked by a longer message that only contains the word', () => {
    for (const text of ['stop maar met de banden', 'Please stop the car wash', 'stopt u de olie erin?', 'start de auto niet', 'stops', '', '🙏']) {
      assert.equal(optOutIntent(text), null, text);
    }
  });

  it('opts out on a quick-reply button whose payload is OPT_OUT or STOP, and on WhatsApp’s marketing opt-out button', () => {
    assert.deepEqual(optOutIntent('Geen berichten meer', 'OPT_OUT'), { kind: 'out', by: 'OPT_OUT' });
    assert.deepEqual(optOutIntent('Nee', 'stop'), { kind: 'out', by: 'STOP' });
    assert.deepEqual(optOutIntent('Stop promotions', 'Stop promotions'), { kind: 'out', by: 'STOP PROMOTIONS' });
    assert.equal(optOutIntent('Ja, bevestigd', 'CONFIRM'), null);
    // A button means what its payload says, whatever its words.
    assert.equal(optOutIntent('Start', 'START_REPAIR'), null);
    assert.equal(optOutIntent('Stop', 'CANCEL_APPT'), null);
  });

  it('refuses only marketing templates to an opted-out customer', () => {
    assert.equal(mayReceive('MARKETING', true), false);
    assert.equal(mayReceive('UTILITY', true), true);
    assert.equal(mayReceive('AUTHENTICATION', true), true);
    assert.equal(mayReceive('MARKETING', false), true);
  });
});

describe('the manual appointment as a form card', () => {
  it('keeps the fields filled in, in the form’s order, values as entered, blanks left off', () => {
    const fields = formFields({ plate: 'AB-123-C', date: '2026-12-01', time: '09:30', work: ' ', inbox: 'Werkplaats Utrecht', customerName: 'Levi Kok' });
    assert.deepEqual(fields, [
      { label: 'date', value: '2026-12-01' },
      { label: 'time', value: '09:30' },
      { label: 'inbox', value: 'Werkplaats Utrecht' },
      { label: 'customerName', value: 'Levi Kok' },
      { label: 'plate', value: 'AB-123-C' },
    ]);
    assert.equal(formText(fields), 'Manual appointment: date 2026-12-01, time 09:30, inbox Werkplaats Utrecht, customer Levi Kok, plate AB-123-C');
  });
});
