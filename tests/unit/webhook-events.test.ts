import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Author } from '../../src/api/v2/auth';
import type { BackendAppointment } from '../../src/api/v2/appointment';
import type { Conversation } from '../../src/api/v2/conversation';
import type { BackendEvent } from '../../src/api/v2/event';
import type { Message } from '../../src/api/v2/message';
import { WebhookEventSchema } from '../../src/api/v2/webhook-settings';
import { webhookEventOf } from '../../src/backend/events/webhook-events';
import { backendConfig } from '../../src/backend/cli/config';
import { addressRefusal, targetRefusal, type WebhookTargetPolicy } from '../../src/backend/events/webhook-target';

const ORG = 'org-1';
const AT = Date.parse('2026-11-30T09:00:00Z');
const sanne: Author = { id: 'user-sanne', name: 'Sanne', kind: 'user' };
const ispa: Author = { id: 'integration-ispa', name: 'ISPA Next', kind: 'integration' };

const conversation: Conversation = {
  id: 'conv-1',
  organization: ORG,
  contact: 'contact-1',
  inbox: 'inbox-1',
  waiting: false,
  lastInboundAt: AT - 60_000,
  windowOpenUntil: AT + 86_340_000,
  createdAt: AT - 120_000,
};
const conversations = new Map([[conversation.id, conversation]]);
const conversationOf = (id: string) => conversations.get(id);

const message = (m: Partial<Message>): Message => ({
  id: 'msg-1',
  conversation: conversation.id,
  role: 'agent',
  type: 'chat',
  touchpoint: 'whatsapp',
  isBackchannel: false,
  text: 'Uw auto is klaar.',
  template: null,
  status: 'queued',
  failure: null,
  author: sanne,
  form: null,
  notice: null,
  clientKey: null,
  createdAt: AT,
  updatedAt: AT,
  ...m,
});

const appointment: BackendAppointment = {
  id: 'appt-1',
  inbox: 'inbox-1',
  source: 'planit',
  branch: '',
  sourceId: 'WO-1',
  contact: 'contact-1',
  date: '2026-11-30',
  time: '09:30',
  startsAt: AT + 1_800_000,
  plate: 'AB-123-C',
  make: 'BMW',
  model: '320i',
  work: 'APK',
  workOrder: 'WO-1',
  owner: null,
  cancelled: false,
  column: 'new',
  colour: 'none',
  position: AT + 1_800_000,
  advisor: null,
  updatedAt: AT,
};

let seq = 0;
const logged = (type: string, data: Record<string, unknown>): BackendEvent => ({ seq: ++seq, type, data, createdAt: AT });
const out = (type: string, data: Record<string, unknown>) => webhookEventOf(logged(type, data), ORG, conversationOf);

describe('webhook events in Web1on1’s form', () => {
  it('name a message by its role and type, with its conversation, and who sent it as the activity', () => {
    const cases: Array<[Message, string, Author | null]> = [
      [message({ role: 'contact', author: null, status: 'received' }), 'message.create.contact.chat', null],
      [message({}), 'message.create.agent.chat', sanne],
      [message({ type: 'template', template: { name: 'ready', language: 'nl', parameters: [] } }), 'message.create.agent.template', sanne],
      [message({ role: 'bot', type: 'template', author: null }), 'message.create.bot.template', null],
      [message({ isBackchannel: true, touchpoint: 'internal', status: 'internal' }), 'message.create.agent.chat', sanne],
    ];
    for (const [m, event, activity] of cases) {
      const body = out('message.create', { message: m });
      assert.ok(body);
      assert.equal(body.event, event);
      assert.deepEqual(body.data, { conversation, message: m });
      assert.deepEqual(body.activity, activity);
      assert.equal(body.organization, ORG);
      WebhookEventSchema.parse(body);
    }
  });

  it('say the rest as <resource>.<create|update|delete>, with the resource and who did it', () => {
    const contact = { id: 'contact-1', organization: ORG, profile: { name: 'Jan', email: null, telephone: '+31612345678' }, createdAt: AT, optedOut: null };
    const cases: Array<[string, Record<string, unknown>, string, Record<string, unknown>, Author | null]> = [
      ['contact.create', { contact }, 'contact.create', { contact }, null],
      ['contact.update', { contact }, 'contact.update', { contact }, null],
      ['conversation.create', { conversation }, 'conversation.create', { conversation }, null],
      ['conversation.waiting', { conversation: 'conv-1', lastInboundAt: AT }, 'conversation.update', { conversation: { id: 'conv-1', waiting: true, lastInboundAt: AT } }, null],
      ['conversation.read', { conversation: 'conv-1' }, 'conversation.update', { conversation: { id: 'conv-1', waiting: false } }, null],
      [
        'message.status',
        { message: 'msg-1', conversation: 'conv-1', status: 'failed', failure: { code: 131047, reason: 'Re-engagement message' } },
        'message.update',
        { message: { id: 'msg-1', conversation: 'conv-1', status: 'failed', failure: { code: 131047, reason: 'Re-engagement message' } } },
        null,
      ],
      ['appointment.upsert', { appointment, created: true }, 'appointment.create', { appointment }, null],
      ['appointment.upsert', { appointment, created: false }, 'appointment.update', { appointment }, null],
      // Logged before the backend said whether an upsert created: an update (the card may be known already).
      ['appointment.upsert', { appointment }, 'appointment.update', { appointment }, null],
      ['appointment.move', { appointment: 'appt-1', column: 'in_service', position: 3, by: ispa }, 'appointment.update', { appointment: { id: 'appt-1', column: 'in_service', position: 3 } }, ispa],
      ['appointment.colour', { appointment: 'appt-1', colour: 'red', by: sanne }, 'appointment.update', { appointment: { id: 'appt-1', colour: 'red' } }, sanne],
      ['appointment.advisor', { appointment: 'appt-1', advisor: 'user-sanne', by: sanne }, 'appointment.update', { appointment: { id: 'appt-1', advisor: 'user-sanne' } }, sanne],
      ['appointment.advisor', { appointment: 'appt-1', advisor: null, by: sanne }, 'appointment.update', { appointment: { id: 'appt-1', advisor: null } }, sanne],
      // A move logged before people signed in has no author: nobody is named.
      ['appointment.move', { appointment: 'appt-1', column: 'ready', position: 1 }, 'appointment.update', { appointment: { id: 'appt-1', column: 'ready', position: 1 } }, null],
      ['user.upsert', { user: { id: 'user-sanne', name: 'Sanne', role: 'advisor' } }, 'user.update', { user: { id: 'user-sanne', name: 'Sanne', role: 'advisor' } }, null],
      ['user.remove', { user: 'user-sanne' }, 'user.delete', { user: { id: 'user-sanne' } }, null],
    ];
    for (const [type, data, event, expected, activity] of cases) {
      const body = out(type, data);
      assert.ok(body, type);
      assert.equal(body.event, event, type);
      assert.deepEqual(body.data, expected, type);
      assert.deepEqual(body.activity, activity, type);
      assert.equal(body.seq, seq);
      assert.equal(body.createdAt, AT);
      WebhookEventSchema.parse(body);
    }
  });

  it('keep the desktops’ plumbing (source.*) from the organisation’s webhook', () => {
    const key = 'source:keyloop:t1';
    assert.equal(out('source.syncRequested', { key }), null);
    assert.equal(out('source.status', { key, status: null }), null);
  });

  it('refuse an event that is not what its type says, rather than send half of it', () => {
    assert.throws(() => out('appointment.move', { appointment: 'appt-1' }));
    assert.throws(() => out('message.create', { message: message({ conversation: 'conv-unknown' }) }), /conv-unknown/);
  });
});

const production: WebhookTargetPolicy = { allowHttpLoopback: false, allowPrivate: false };
const development: WebhookTargetPolicy = { allowHttpLoopback: true, allowPrivate: false };
const inside: WebhookTargetPolicy = { allowHttpLoopback: false, allowPrivate: true };

describe('where a webhook may point', () => {
  it('takes public addresses and refuses the network’s own, in words, unless allowed', () => {
    for (const address of ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c']) {
      assert.equal(addressRefusal(address, production), null, address);
    }
    const refused: Array<[string, RegExp]> = [
      ['10.0.0.5', /^10\.0\.0\.5, a private address; .*AFTERSALES_WEBHOOK_ALLOW_PRIVATE=1/],
      ['172.16.3.4', /a private address/],
      ['192.168.1.20', /a private address/],
      ['fd12:3456::1', /a private address/],
      ['127.0.0.1', /a loopback address/],
      ['::1', /a loopback address/],
      ['169.254.169.254', /a link-local address/],
      ['fe80::1', /a link-local address/],
      ['0.0.0.0', /an unspecified address/],
      ['::', /an unspecified address/],
      ['100.64.0.1', /a carrier-grade NAT address/],
      // An IPv4 address written as IPv6 is judged as what it is.
      ['::ffff:10.0.0.5', /^10\.0\.0\.5, a private address/],
    ];
    for (const [address, words] of refused) {
      assert.match(addressRefusal(address, production) ?? '', words, address);
      assert.equal(addressRefusal(address, inside), null, `${address} is allowed inside the network`);
    }
    // The development flag lets the developer's own machine receive, nothing else.
    assert.equal(addressRefusal('127.0.0.1', development), null);
    assert.match(addressRefusal('10.0.0.5', development) ?? '', /a private address/);
    // No single receiver, whatever the configuration.
    for (const address of ['224.0.0.1', '255.255.255.255', 'ff02::1', '2002:a00:5::1', '2001:0:a00:5::1']) {
      assert.match(addressRefusal(address, inside) ?? '', /no single receiver/, address);
    }
    // IPv4-compatible IPv6 (::/96), as URL writes https://[::127.0.0.1]/: an IPv4 address in disguise, never.
    for (const address of [new URL('https://[::127.0.0.1]/').hostname.slice(1, -1), '::a00:5', '::808:808']) {
      assert.match(addressRefusal(address, inside) ?? '', /an IPv4-compatible IPv6 address, which hides an IPv4 address/, address);
    }
  });

  it('takes https, and plain http only to loopback on a backend started for development', () => {
    const url = (u: string) => new URL(u);
    assert.equal(targetRefusal(url('https://hooks.example.com/in'), ['93.184.215.14'], production), null);
    assert.match(targetRefusal(url('http://hooks.example.com/in'), ['93.184.215.14'], production) ?? '', /must start with https:\/\//);
    assert.match(targetRefusal(url('http://hooks.example.com/in'), ['93.184.215.14'], development) ?? '', /must start with https:\/\//);
    assert.equal(targetRefusal(url('http://127.0.0.1:8080/in'), ['127.0.0.1'], development), null);
    assert.equal(targetRefusal(url('http://localhost:8080/in'), ['127.0.0.1', '::1'], development), null);
    assert.match(targetRefusal(url('http://127.0.0.1:8080/in'), ['127.0.0.1'], production) ?? '', /resolves to 127\.0\.0\.1, a loopback address/);
    // Inside the network is allowed, but not in plain text.
    assert.match(targetRefusal(url('http://10.0.0.5/in'), ['10.0.0.5'], inside) ?? '', /must start with https:\/\//);
    assert.equal(targetRefusal(url('https://10.0.0.5/in'), ['10.0.0.5'], inside), null);
    // One refused address among allowed ones refuses the host: it would be reached there at times.
    assert.match(targetRefusal(url('https://hooks.example.com/in'), ['93.184.215.14', '10.0.0.5'], production) ?? '', /resolves to 10\.0\.0\.5, a private address/);
    assert.match(targetRefusal(url('https://user:pw@hooks.example.com/in'), ['93.184.215.14'], production) ?? '', /user name or password/);
  });
});

describe('the backend’s webhook flags', () => {
  it('are off unless the environment says 1, and anything else is refused naming the setting', () => {
    assert.deepEqual(backendConfig({}, '/tmp/aftersales-flags').webhookTargets, production);
    assert.deepEqual(
      backendConfig({ AFTERSALES_WEBHOOK_ALLOW_HTTP_LOOPBACK: '1', AFTERSALES_WEBHOOK_ALLOW_PRIVATE: '1' }, '/tmp/aftersales-flags').webhookTargets,
      { allowHttpLoopback: true, allowPrivate: true },
    );
    assert.throws(() => backendConfig({ AFTERSALES_WEBHOOK_ALLOW_PRIVATE: 'yes' }, '/tmp/aftersales-flags'), /AFTERSALES_WEBHOOK_ALLOW_PRIVATE[\s\S]*must be 0 or 1/);
  });
});
