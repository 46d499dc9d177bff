import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROLES } from '../../src/api/v2/auth';
import { EventDataSchema } from '../../src/api/v2/event-data';
import { allows, PERMISSIONS, refusalReason, type Action } from '../../src/backend/access/permissions';
import { eventForRole } from '../../src/backend/access/redaction';

describe('permissions', () => {
  it('gives each role exactly its rights', () => {
    const granted = (role: (typeof ROLES)[number]) => (Object.keys(PERMISSIONS) as Action[]).filter((a) => allows(role, a)).sort();
    assert.deepEqual(granted('integration'), ['auth.read', 'integration.push']);
    assert.deepEqual(granted('wall'), ['auth.read', 'board.read']);
    assert.deepEqual(granted('desktop'), ['appointments.write', 'auth.oidc.read', 'auth.read', 'board.read', 'board.write', 'comments.write', 'conversations.read', 'sources.run']);
    assert.deepEqual(granted('advisor'), [...granted('desktop'), 'conversations.write', 'self'].sort());
    assert.deepEqual(granted('manager'), [...granted('advisor'), 'organization.manage'].sort());
  });

  it('says why a role is refused, and which roles may', () => {
    assert.equal(
      refusalReason('wall', 'conversations.read'),
      'A token with the role wall may not do this (conversations.read); it takes the role advisor, manager, desktop.',
    );
  });
});

describe('a wall\'s view of the events', () => {
  const message = {
    id: 'm1', conversation: 'c1', role: 'agent', type: 'template', touchpoint: 'whatsapp', isBackchannel: false,
    text: 'Beste Jan, uw auto staat klaar.', template: { name: 'vehicle_ready', language: 'nl', parameters: ['Jan'] },
    status: 'sent', failure: null, author: { id: 'u1', name: 'Sanne', kind: 'user' }, clientKey: null, createdAt: 1, updatedAt: 1,
  };
  const contact = { id: 'k1', organization: 'o1', profile: { name: 'Jan Jansen', email: 'jan@example.nl', telephone: '+31612345678' }, createdAt: 1 };
  const event = (type: string, data: Record<string, unknown>) => ({ seq: 1, type, data, createdAt: 1 });

  it('has no message text or template, and stays an event a desktop parses', () => {
    const seen = eventForRole('wall', event('message.create', { message }));
    const parsed = EventDataSchema.parse({ type: seen.type, data: seen.data });
    assert.equal(parsed.type, 'message.create');
    assert.deepEqual(seen.data.message, { ...message, text: '', template: null, form: null, notice: null });
  });

  it('has no form card fields (the customer\'s phone and e-mail are in them) nor opt-out notes', () => {
    const form = { title: 'manualAppointment', fields: [{ label: 'phone', value: '+31612345678' }, { label: 'email', value: 'jan@example.nl' }] };
    const seen = eventForRole('wall', event('message.create', { message: { ...message, type: 'chat', touchpoint: 'internal', template: null, form, notice: { kind: 'optedOut', by: 'STOP' } } }));
    assert.doesNotMatch(JSON.stringify(seen), /31612345678|jan@example|STOP/);
    EventDataSchema.parse({ type: seen.type, data: seen.data });
  });

  it('has no contact phone or e-mail, keeping the name (the card shows it)', () => {
    for (const type of ['contact.create', 'contact.update']) {
      const seen = eventForRole('wall', event(type, { contact: { ...contact, optedOut: { at: 5, by: 'STOP' } } }));
      // Nor whether they opted out, and with which word: the wall shows the board, not the customer's messages.
      assert.deepEqual(seen.data.contact, { ...contact, profile: { name: 'Jan Jansen', email: null, telephone: null }, optedOut: null });
      EventDataSchema.parse({ type: seen.type, data: seen.data });
    }
  });

  it('passes other events unchanged, and leaves the stored event untouched', () => {
    const move = event('appointment.move', { appointment: 'a1', column: 'ready', position: 1, by: null });
    assert.equal(eventForRole('wall', move), move);
    const original = event('message.create', { message });
    eventForRole('wall', original);
    assert.equal((original.data.message as { text: string }).text, 'Beste Jan, uw auto staat klaar.');
  });

  it('is the stored event for every other role', () => {
    const original = event('contact.create', { contact });
    for (const role of ['advisor', 'manager', 'desktop', 'integration'] as const) assert.equal(eventForRole(role, original), original);
  });
});
