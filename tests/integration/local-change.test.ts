import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import type { BoardEvent } from '../../src/api/board-api';
import { localDateAt } from '../../src/domain/zoned-time';
import { localChange } from '../../src/desktop/handlers/local-change';
import { queueForBackend } from '../../src/desktop/handlers/outbox-writes';
import { eventually } from '../support/backend';
import { cacheConnection } from '../support/cache-connection';
import { connectedCore, settled, startOrganisation, type Organisation } from '../support/connected';
import { startCore } from '../support/desktop';

const today = () => localDateAt(Date.now(), 'Europe/Amsterdam');

describe('a local change: stored with its outbox jobs or not at all, then sent and shown', () => {
  let organisation: Organisation;
  before(async () => {
    organisation = await startOrganisation();
  });
  after(() => organisation.close());

  it('a change that fails leaves neither the change nor its job, wakes nothing and tells no window', async (t) => {
    const a = connectedCore(organisation);
    t.after(() => a.core.close());
    await settled(a.core);
    const { context } = a.core;
    const card = await a.core.handlers.createManualAppointment({ date: today(), inboxId: organisation.inbox, customerName: 'Mislukt' });
    await settled(a.core);
    const heard = a.events.length;

    assert.throws(
      () =>
        localChange(
          context,
          () => {
            context.appointments.setColour(card.id, 'red', context.clock.now());
            queueForBackend(context, 'board', card.id, { appointmentId: card.id, colour: 'red' });
            throw new Error('refused half-way');
          },
          () => [{ type: 'appointments.changed', ids: [card.id] }],
        ),
      /refused half-way/,
    );
    assert.equal(context.outbox.count(), 0, 'the job went with the change');
    const cache = cacheConnection(a.core);
    t.after(() => cache.close());
    assert.equal(cache.prepare<[string], string>('SELECT colour FROM appointments WHERE id = ?').pluck().get(card.id), card.colour);
    assert.notEqual(card.colour, 'red');
    assert.deepEqual(a.events.slice(heard), [], 'no wake (it would tell the connection), no event');
  });

  it('a change that holds is stored with its job, which is sent at once, and the windows hear what it names', async (t) => {
    const a = connectedCore(organisation);
    const b = connectedCore(organisation);
    t.after(() => {
      a.core.close();
      b.core.close();
    });
    await Promise.all([settled(a.core), settled(b.core)]);
    const { context } = a.core;
    const card = await a.core.handlers.createManualAppointment({ date: today(), inboxId: organisation.inbox, customerName: 'Gelukt' });
    await settled(a.core);
    const heard = a.events.length;

    const answer = localChange(
      context,
      () => {
        context.appointments.setColour(card.id, 'green', context.clock.now());
        queueForBackend(context, 'board', card.id, { appointmentId: card.id, colour: 'green' });
        return context.outbox.count();
      },
      (queued): BoardEvent[] => [{ type: 'appointments.changed', ids: queued === 1 ? [card.id] : [] }],
    );
    assert.equal(answer, 1, 'the job was in the outbox inside the change');
    const told = a.events.slice(heard);
    assert.equal(told[0]?.type, 'connection.changed', 'the outbox was woken first');
    assert.deepEqual(told.at(-1), { type: 'appointments.changed', ids: [card.id] });
    await eventually(async () => (await b.core.handlers.getBoard({})).cards.find((c) => c.id === card.id)?.colour === 'green');
  });
});

describe('the core’s transaction', () => {
  it('inside another, undoes only its own writes when it fails; refuses a function that waits', (t) => {
    const core = startCore({ sample: false });
    t.after(() => core.close());
    const { context } = core;
    context.transaction(() => {
      context.syncState.set('outer', 1);
      assert.throws(() =>
        context.transaction(() => {
          context.syncState.set('inner', 2);
          throw new Error('inner fails');
        }),
      );
    });
    assert.equal(context.syncState.get('outer', z.number()), 1);
    assert.equal(context.syncState.get('inner', z.number()), undefined);

    assert.throws(() => context.transaction(async () => context.syncState.set('waited', 3)), TypeError);
    assert.equal(context.syncState.get('waited', z.number()), undefined);
  });
});
