import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { advisorMark, nameInitials, wallCard, wallColumns, wallName, type WallSourceCard } from '../../src/domain/wall-card';
import { WallCardSchema, wallEventOf } from '../../src/api/wall';

const card = (fields: Partial<WallSourceCard> = {}): WallSourceCard => ({
  id: 'a1',
  inboxId: 'workshop',
  localDate: '2026-11-30',
  localTime: '09:30',
  customerName: 'Jan van der Berg',
  plate: 'S-774-KF',
  workOrder: 'WO-1',
  owner: 'Sanne de Vries',
  advisor: null,
  column: 'new',
  colour: 'none',
  position: 570,
  cancelled: false,
  finishedOn: null,
  waiting: false,
  ...fields,
});

describe('the wall card', () => {
  it('masks a name as the first letter of every word, particles as written', () => {
    assert.equal(nameInitials('Jan van der Berg'), 'J.v.d.B.');
    assert.equal(nameInitials('fatima El Amrani'), 'F.E.A.');
    assert.equal(nameInitials('  Émile   Zola '), 'É.Z.');
    assert.equal(nameInitials('(Jan) <Bos>'), 'J.B.');
    assert.equal(nameInitials('— …'), null);
  });

  it('shows initials by default and the full name only on a wall set up for it', () => {
    assert.equal(wallName('Jan van der Berg', 'initials'), 'J.v.d.B.');
    assert.equal(wallName(' Jan van der Berg ', 'full'), 'Jan van der Berg');
    assert.equal(wallName(null, 'full'), null);
    assert.equal(wallName('   ', 'initials'), null);
  });

  it('marks the advisor by their first and last word', () => {
    assert.equal(advisorMark('Sanne de Vries'), 'SV');
    assert.equal(advisorMark('Mark'), 'M');
    assert.equal(advisorMark(null), null);
  });

  it('carries no contact details or conversation, and a full name never with initials', () => {
    const shown = wallCard(card({ waiting: true, colour: 'red', advisor: { name: 'Eva Postma' } }), '2026-11-30', 'initials');
    assert.deepEqual(shown, {
      id: 'a1',
      inboxId: 'workshop',
      column: 'new',
      position: 570,
      time: '09:30',
      name: 'J.v.d.B.',
      plate: 'S-774-KF',
      workOrder: 'WO-1',
      colour: 'red',
      waiting: true,
      heldOverFrom: null,
      cancelled: false,
      advisor: 'EP',
    });
    assert.equal(JSON.stringify(shown).includes('Berg'), false);
    // The contract knows no other field: whatever a card gains later does not slip onto a wall.
    assert.deepEqual(Object.keys(WallCardSchema.shape).sort(), Object.keys(shown).sort());
  });

  it('marks a card held over with its own date, and uses the owner when no advisor is set', () => {
    const shown = wallCard(card({ localDate: '2026-11-28', column: 'on_hold' }), '2026-11-30', 'full');
    assert.equal(shown.heldOverFrom, '2026-11-28');
    assert.equal(shown.advisor, 'SV');
    assert.equal(shown.name, 'Jan van der Berg');
  });

  it('puts one inbox’s cards in the five columns in board order', () => {
    const cards = [
      wallCard(card({ id: 'c', position: 3 }), '2026-11-30', 'initials'),
      wallCard(card({ id: 'a', position: 1 }), '2026-11-30', 'initials'),
      wallCard(card({ id: 'b', position: 2, column: 'ready' }), '2026-11-30', 'initials'),
      wallCard(card({ id: 'd', position: 0, inboxId: 'dealership' }), '2026-11-30', 'initials'),
    ];
    const columns = wallColumns(cards, 'workshop');
    assert.deepEqual(columns.new.map((c) => c.id), ['a', 'c']);
    assert.deepEqual(columns.ready.map((c) => c.id), ['b']);
    assert.deepEqual([columns.in_service, columns.on_hold, columns.finished], [[], [], []]);
    assert.deepEqual(wallColumns(cards, null).new.map((c) => c.id), ['d', 'a', 'c']);
  });

  it('lets a wall hear only that the board changed, never a message or a session', () => {
    assert.deepEqual(wallEventOf({ type: 'appointments.changed' }), { type: 'appointments.changed' });
    assert.deepEqual(wallEventOf({ type: 'connection.changed' }), { type: 'connection.changed' });
    assert.equal(wallEventOf({ type: 'message.received' }), null);
    assert.equal(wallEventOf({ type: 'session.changed' }), null);
    assert.equal(wallEventOf({ type: 'import.progress' }), null);
  });
});
