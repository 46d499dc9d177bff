import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseWallInboxes, wallInboxProblem } from '../../src/domain/wall-inboxes';

const every = [
  { id: 'inb_1', name: 'Werkplaats' },
  { id: 'inb_2', name: 'Schadeherstel' },
  { id: 'inb_3', name: 'Receptie' },
  { id: 'inb_4', name: 'Receptie' },
];

describe('the inboxes a wall’s settings mean', () => {
  it('takes every inbox when none are named', () => {
    assert.deepEqual(chooseWallInboxes(null, every), { inboxes: every, unknown: [], ambiguous: [] });
  });

  it('takes ids and names (any case) in the order given, each inbox once', () => {
    const choice = chooseWallInboxes(['schadeherstel', 'inb_1', ' Werkplaats ', 'inb_3'], every);
    assert.deepEqual(choice.inboxes.map((i) => i.id), ['inb_2', 'inb_1', 'inb_3']);
    assert.equal(wallInboxProblem(choice), null);
  });

  it('names what is no inbox, and refuses in words a name two inboxes share', () => {
    const choice = chooseWallInboxes(['Receptie', 'Showroom'], every);
    assert.deepEqual(choice.inboxes, []);
    assert.deepEqual(choice.unknown, ['Showroom']);
    assert.deepEqual(choice.ambiguous, [{ name: 'Receptie', ids: ['inb_3', 'inb_4'] }]);
    assert.equal(wallInboxProblem(choice), '--wall-inboxes: 2 inboxes are called "Receptie" (inb_3, inb_4): name the one to show by its id.');
  });
});
