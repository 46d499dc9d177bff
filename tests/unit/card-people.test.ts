import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMine, queuedLines, sameName } from '../../src/domain/card-people';

const sanne = { id: 'u-sanne', name: 'Sanne de Vries' };

describe('the Mine filter', () => {
  it('takes the advisor set on the board first', () => {
    assert.equal(isMine({ advisor: 'u-sanne', owner: 'Piet' }, sanne), true);
    assert.equal(isMine({ advisor: 'u-piet', owner: 'Sanne de Vries' }, sanne), false, 'the owner text does not count once an advisor is set');
  });

  it('without an advisor, the planning system’s owner text naming the person, whatever the case and surrounding spaces', () => {
    assert.equal(isMine({ advisor: null, owner: '  sanne DE vries ' }, sanne), true);
    assert.equal(isMine({ advisor: null, owner: 'Sanne' }, sanne), false, 'part of the name is someone else');
    assert.equal(isMine({ advisor: null, owner: null }, sanne), false);
  });

  it('never matches an empty owner text to a person without a name', () => {
    assert.equal(isMine({ advisor: null, owner: ' ' }, { id: 'u', name: '' }), false);
    assert.equal(sameName(' Eva ', 'eva'), true);
    assert.equal(sameName('Eva', 'Eve'), false);
  });
});

describe('history lines of changes waiting to be sent', () => {
  it('makes a line of a move to another column, not of a reorder within one; colours and advisors are lines', () => {
    const lines = queuedLines('new', [
      { at: 1, column: 'new', position: 3 },
      { at: 2, column: 'ready', position: 1 },
      { at: 3, column: 'ready', position: 2 },
      { at: 4, colour: 'red' },
      { at: 5, advisor: 'u-sanne' },
      { at: 6, advisor: null },
      { at: 7, column: 'new' },
    ]);
    assert.deepEqual(
      lines.map((l) => [l.from.at, l.change]),
      [
        [2, { kind: 'column', column: 'ready' }],
        [4, { kind: 'colour', colour: 'red' }],
        [5, { kind: 'advisor', advisor: 'u-sanne' }],
        [6, { kind: 'advisor', advisor: null }],
        [7, { kind: 'column', column: 'new' }],
      ],
    );
  });
});
