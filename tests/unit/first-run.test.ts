import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StandaloneAppointment, UnsentMessage } from '../../src/desktop/cache/install-repo';
import { fileAtStart, startChoiceOf, type CacheFacts } from '../../src/desktop/first-run';
import { demoFilePath } from '../../src/desktop/paths';
import { inboxesInto, uploadPlan } from '../../src/desktop/standalone-work';

const fresh: CacheFacts = { demo: false, joined: false, remembered: null, hasWork: false };

describe('what the first start shows', () => {
  it('a new install: the first-run screen', () => {
    assert.equal(startChoiceOf(fresh), null);
  });

  it('the demo’s own file is the demo, whatever else it knows', () => {
    assert.equal(startChoiceOf({ ...fresh, demo: true, joined: true, remembered: 'standalone' }), 'demo');
  });

  it('a joined install is the organisation’s board, even if it chose standalone before', () => {
    assert.equal(startChoiceOf({ ...fresh, joined: true, remembered: 'standalone', hasWork: true }), 'backend');
  });

  it('standalone when chosen, or when the cache holds work of its own from before the first-run screen', () => {
    assert.equal(startChoiceOf({ ...fresh, remembered: 'standalone' }), 'standalone');
    assert.equal(startChoiceOf({ ...fresh, hasWork: true }), 'standalone');
  });

  it('opens the demo’s file only when it was chosen, or nothing was and the shell starts in the demo', () => {
    const real = { joined: false, remembered: null, hasWork: false };
    assert.equal(fileAtStart(real, 'first-run'), 'real');
    assert.equal(fileAtStart(real, 'demo'), 'demo');
    assert.equal(fileAtStart({ ...real, remembered: 'demo' }, 'first-run'), 'demo');
    assert.equal(fileAtStart({ ...real, remembered: 'standalone' }, 'demo'), 'real');
    assert.equal(fileAtStart({ ...real, hasWork: true }, 'demo'), 'real');
    assert.equal(fileAtStart({ ...real, joined: true, remembered: 'demo' }, 'demo'), 'real', 'the environment’s backend wins');
  });

  it('keeps the demo beside the real cache, under its own name', () => {
    assert.equal(demoFilePath('/home/sanne/.config/Aftersales Board/board.sqlite'), '/home/sanne/.config/Aftersales Board/board-demo.sqlite');
    assert.equal(demoFilePath('/srv/cache/werkplaats.db'), '/srv/cache/werkplaats-demo.db');
    assert.equal(demoFilePath('/srv/cache/board'), '/srv/cache/board-demo.sqlite');
  });
});

const card = (id: string, fields: Partial<StandaloneAppointment> = {}): StandaloneAppointment => ({
  id,
  source: 'manual',
  column: 'new',
  position: 1,
  colour: 'none',
  ...fields,
});

const comment = (key: string, appointmentId: string, text: string): UnsentMessage => ({
  key,
  appointmentId,
  type: 'chat',
  touchpoint: 'internal',
  isBackchannel: true,
  text,
  template: null,
  form: null,
  createdAt: 1,
});

describe('what a standalone desktop uploads when it joins', () => {
  it('every appointment of its own, the board state of those that were moved or coloured, and what was written on them', () => {
    const plan = uploadPlan(
      [card('a'), card('b', { column: 'in_service', position: 2.5 }), card('c', { colour: 'green' }), card('d', { source: 'werkplaats.csv', column: 'ready', position: 4, colour: 'red' })],
      [comment('k1', 'b', 'Wacht op onderdelen'), { ...comment('k2', 'a', 'Uw auto is klaar'), isBackchannel: false, touchpoint: 'sms' }],
      'sample',
    );
    assert.deepEqual(plan.appointmentIds, ['a', 'b', 'c', 'd']);
    assert.deepEqual(plan.board, [
      { appointmentId: 'b', column: 'in_service', position: 2.5 },
      { appointmentId: 'c', colour: 'green' },
      { appointmentId: 'd', column: 'ready', position: 4, colour: 'red' },
    ]);
    assert.deepEqual(plan.messages, [
      { key: 'k1', payload: { appointmentId: 'b', type: 'chat', isBackchannel: true, touchpoint: 'whatsapp', text: 'Wacht op onderdelen' } },
      { key: 'k2', payload: { appointmentId: 'a', type: 'chat', isBackchannel: false, touchpoint: 'sms', text: 'Uw auto is klaar' } },
    ]);
  });

  it('never the demo’s cards, nor what was written on them', () => {
    const plan = uploadPlan([card('demo-1', { source: 'sample', column: 'ready' }), card('own')], [comment('k', 'demo-1', 'demo note')], 'sample');
    assert.deepEqual(plan, { appointmentIds: ['own'], board: [], messages: [] });
  });

  it('a manual appointment’s form card goes as a form, which the backend keeps as a note, never as a message to the customer', () => {
    const form = { title: 'manualAppointment' as const, fields: [{ label: 'plate' as const, value: 'GZ-318-K' }] };
    const plan = uploadPlan([card('a')], [{ ...comment('k', 'a', 'Afspraak: GZ-318-K'), isBackchannel: false, touchpoint: 'internal', form }], 'sample');
    assert.deepEqual(plan.messages[0]!.payload, { appointmentId: 'a', type: 'chat', isBackchannel: false, touchpoint: 'whatsapp', text: 'Afspraak: GZ-318-K', form });
  });

  it('a template message goes as the template it used', () => {
    const template = { name: 'vehicle_ready', language: 'nl', parameters: ['Eva', 'GZ-318-K', 'Werkplaats'] };
    const plan = uploadPlan([card('a')], [{ ...comment('k', 'a', 'Beste Eva…'), isBackchannel: false, type: 'template', touchpoint: 'whatsapp', template }], 'sample');
    assert.deepEqual(plan.messages[0]!.payload, { appointmentId: 'a', type: 'template', isBackchannel: false, touchpoint: 'whatsapp', template });
  });
});

describe('where the standalone inboxes go', () => {
  const organisation = [
    { id: 'org-dealer', kind: 'dealership' as const },
    { id: 'org-workshop', kind: 'workshop' as const },
  ];

  it('each into the organisation’s first inbox of its kind', () => {
    const into = inboxesInto(
      [
        { id: 'mine-d', name: 'Dealership', kind: 'dealership' },
        { id: 'mine-w', name: 'Workshop', kind: 'workshop' },
      ],
      organisation,
    );
    assert.deepEqual([...into!], [['mine-d', 'org-dealer'], ['mine-w', 'org-workshop']]);
  });

  it('into its first inbox when it has none of that kind', () => {
    const into = inboxesInto([{ id: 'mine-w', name: 'Workshop', kind: 'workshop' }], [{ id: 'org-dealer', kind: 'dealership' }]);
    assert.deepEqual([...into!], [['mine-w', 'org-dealer']]);
  });

  it('nowhere when the organisation has no inbox', () => {
    assert.equal(inboxesInto([{ id: 'mine-w', name: 'Workshop', kind: 'workshop' }], []), null);
  });
});
