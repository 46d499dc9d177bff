import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filledIn, matchingContact, nameKey, namesAgree, stillSameCustomer } from '../../src/domain/contact-identity';

const jan = { id: 'jan', name: 'Jan de Vries', phone: '+31612345678', email: 'jan@example.nl' };
const els = { id: 'els', name: 'Els de Vries', phone: '+31612345678', email: null };
const fleet = { id: 'fleet', name: null, phone: '+31201234567', email: 'wagenpark@example.nl' };

describe('who the customer of a row is', () => {
  it('compares names without case, accents, punctuation or extra spaces', () => {
    assert.equal(nameKey('  J.  de Vríes '), 'j de vries');
    assert.equal(nameKey(null), '');
    assert.ok(namesAgree('JAN DE VRIES', 'jan de vries'));
    assert.ok(namesAgree('Jan de Vries', null), 'an unknown name agrees with any');
    assert.ok(!namesAgree('Jan de Vries', 'Els de Vries'));
  });

  it('a shared phone never makes another person the customer', () => {
    assert.equal(matchingContact([jan, els], { name: 'Els de Vries', phone: jan.phone, email: null })?.id, 'els');
    assert.equal(matchingContact([jan], { name: 'Piet Bakker', phone: jan.phone, email: null }), undefined);
    assert.equal(matchingContact([jan, els], { name: null, phone: jan.phone, email: null })?.id, 'jan', 'without a name, the first known');
  });

  it('matches by e-mail when the phone does not, with the same care for names', () => {
    assert.equal(matchingContact([jan], { name: 'jan de vries', phone: '+31699999999', email: 'JAN@example.nl' })?.id, 'jan');
    assert.equal(matchingContact([jan], { name: 'Kees', phone: null, email: 'jan@example.nl' }), undefined);
    assert.equal(matchingContact([fleet], { name: 'Bakker BV', phone: null, email: 'wagenpark@example.nl' })?.id, 'fleet');
  });

  it('keeps the appointment its own customer while the row still names that person', () => {
    assert.ok(stillSameCustomer(jan, { name: 'Jan de Vries', phone: '+31699999999', email: null }), 'a new phone, the same person');
    assert.ok(!stillSameCustomer(jan, { name: 'Els de Vries', phone: jan.phone, email: null }), 'another name on the same phone');
    assert.ok(stillSameCustomer(fleet, { name: 'Bakker BV', phone: fleet.phone, email: null }), 'a name now known');
    assert.ok(!stillSameCustomer(fleet, { name: null, phone: '+31600000000', email: null }));
  });

  it('fills in what the stored contact lacks and keeps what it has', () => {
    assert.deepEqual(filledIn(fleet, { name: 'Bakker BV', phone: '+31600000000', email: null }), {
      name: 'Bakker BV',
      phone: fleet.phone,
      email: fleet.email,
    });
  });
});
