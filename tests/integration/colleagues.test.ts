import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cacheConnection } from '../support/cache-connection';
import { startCore } from '../support/desktop';

describe('the organisation’s people on a desktop', () => {
  it('names a card’s advisor once the list names them, keeps a removed person’s name but not on the picker, and refuses them as advisor in words', async (t) => {
    const core = startCore();
    const db = cacheConnection(core);
    t.after(() => (db.close(), core.close()));
    const [card] = (await core.handlers.getBoard({})).cards;
    assert.ok(card, 'the demo board has cards');
    db.prepare("UPDATE appointments SET advisor = 'u-piet' WHERE id = ?").run(card.id);

    const shown = async () => (await core.handlers.getBoard({})).cards.find((c) => c.id === card.id)!;
    assert.equal((await shown()).advisor, null, 'no bare id while the name is unknown');
    assert.equal((await shown()).owner, card.owner, 'the planning system’s text stands');

    const renamed = core.context.colleagues.replaceAll([
      { id: 'u-piet', name: 'Piet', role: 'advisor' },
      { id: 'u-eva', name: 'Eva', role: 'manager' },
    ]);
    assert.deepEqual(renamed, [card.id], 'the card to show again');
    assert.deepEqual((await shown()).advisor, { id: 'u-piet', name: 'Piet' });
    assert.deepEqual((await core.handlers.listColleagues({})).map((c) => c.name), ['Eva', 'Piet']);
    assert.deepEqual(core.context.colleagues.replaceAll([{ id: 'u-eva', name: 'Eva', role: 'manager' }]), [], 'nobody named anew');

    assert.deepEqual(await core.handlers.listColleagues({}), [{ id: 'u-eva', name: 'Eva', role: 'manager' }]);
    assert.deepEqual((await shown()).advisor, { id: 'u-piet', name: 'Piet' }, 'a removed advisor keeps their name');
    await assert.rejects(async () => core.handlers.setAdvisor({ appointmentId: card.id, userId: 'u-piet' }), (e: Error & { code?: string }) => e.code === 'ADVISOR_REMOVED' && /Piet was removed/.test(e.message));
    await assert.rejects(async () => core.handlers.setAdvisor({ appointmentId: card.id, userId: 'u-nobody' }), (e: Error & { code?: string }) => e.code === 'ADVISOR_UNKNOWN');
    await assert.rejects(async () => core.handlers.setAdvisor({ appointmentId: 'no-such-card', userId: null }), (e: Error & { code?: string }) => e.code === 'NOT_FOUND');

    await core.handlers.setAdvisor({ appointmentId: card.id, userId: 'u-eva' });
    assert.deepEqual((await shown()).advisor, { id: 'u-eva', name: 'Eva' });
    await core.handlers.setAdvisor({ appointmentId: card.id, userId: null });
    assert.equal((await shown()).advisor, null);
  });

  it('remembers Mine, which shows every card while nobody is signed in (a desktop on its own)', async (t) => {
    const core = startCore();
    t.after(() => core.close());
    const all = (await core.handlers.getBoard({})).cards.length;
    await core.handlers.setMine({ mine: true });
    assert.equal((await core.handlers.getSettings({})).mine, true);
    assert.equal((await core.handlers.getBoard({})).cards.length, all);
  });
});
