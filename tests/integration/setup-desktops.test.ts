import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningBackend } from '../../src/backend/backend';
import type { DesktopCore } from '../../src/desktop/core';
import type { WhatsAppSimulator } from '../../src/simulators/whatsapp-cloud-api-simulator';
import { call, eventually, WHATSAPP } from '../support/backend';
import { startBackendWithoutChannels } from '../support/channels';
import { startCore, tempDataFile } from '../support/desktop';

/**
 * A manager's set-up on one desktop reaches every other desktop through the backend's events:
 * the organisation's name, an inbox's zone, and which touchpoints its composer offers.
 */
describe('set-up: a manager’s changes reach a second desktop', () => {
  const clock = { now: () => Date.now() };
  const dataFile = tempDataFile();
  let whatsapp: WhatsAppSimulator;
  let backend: RunningBackend;
  let token: string;
  let inbox: string;
  let appointmentId: string;
  let manager: DesktopCore;
  let other: DesktopCore;
  const today = new Date().toISOString().slice(0, 10);

  const conversationOn = (core: DesktopCore) => core.handlers.getConversation({ appointmentId });

  before(async () => {
    ({ whatsapp, backend, token } = await startBackendWithoutChannels(dataFile, clock));
    whatsapp.setWebhookUrl(`${backend.url}/webhooks/whatsapp`);
    inbox = (await call(backend.url, token, 'GET', '/v2/organization')).body.inboxes[0].id;
    const stored = await call(backend.url, token, 'POST', '/v2/appointments', {
      inbox,
      source: 'planit',
      sourceId: 'A-1',
      date: today,
      time: '09:00',
      plate: null,
      contact: { profile: { name: 'Jan Jansen', telephone: '+31612345678' } },
    });
    assert.equal(stored.status, 200, JSON.stringify(stored.body));
    appointmentId = stored.body.id;
    manager = startCore({ sample: false, backend: { url: backend.url, token } });
    other = startCore({ sample: false, backend: { url: backend.url, token } });
    for (const core of [manager, other]) {
      await eventually(async () => core.context.sync.connection().online && (await core.handlers.getBoard({})).cards.some((c) => c.id === appointmentId), 10_000);
    }
  });
  after(async () => {
    manager.close();
    other.close();
    await backend.close();
    await whatsapp.close();
  });

  it('offers no touchpoint while the inbox has no channel, and says so', async () => {
    const view = await conversationOn(other);
    assert.deepEqual({ touchpoints: view.touchpoints, noChannel: view.noChannel }, { touchpoints: [], noChannel: true });
  });

  it('follows a WhatsApp number given to the inbox, a new name and zone, and the number taken away', async () => {
    const channel = await manager.handlers.createChannel({
      kind: 'whatsapp',
      label: 'Amsterdam',
      phoneNumberId: WHATSAPP.phoneNumberId,
      businessAccountId: WHATSAPP.businessAccountId,
      accessToken: WHATSAPP.accessToken,
      appSecret: WHATSAPP.appSecret,
      verifyToken: 'a verify token of this test',
    });
    const check = await manager.handlers.testChannel({ id: channel.id });
    assert.equal(check.verifiedName, 'Autobedrijf Simulator');
    await manager.handlers.updateInbox({ id: inbox, patch: { whatsappChannel: channel.id, zone: 'Europe/London', country: 'GB' } });
    await manager.handlers.updateOrganization({ name: 'Autobedrijf Test Noord' });

    const seen = await eventually(async () => {
      const settings = await other.handlers.getSettings({});
      const view = await conversationOn(other);
      return settings.organisationName === 'Autobedrijf Test Noord' && view.touchpoints.length > 0 ? { settings, view } : undefined;
    }, 10_000);
    assert.deepEqual({ touchpoints: seen.view.touchpoints, noChannel: seen.view.noChannel }, { touchpoints: ['whatsapp'], noChannel: false });
    assert.deepEqual({ zone: seen.settings.zone, country: seen.settings.country }, { zone: 'Europe/London', country: 'GB' });

    // The customer answers on WhatsApp: once the number is taken away, the answer is still owed there.
    await fetch(`${whatsapp.url}/simulator/customers/31612345678/reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Hoe laat kan ik komen?', name: 'Jan Jansen' }),
    });
    await eventually(async () => (await conversationOn(other)).messages.some((m) => m.text === 'Hoe laat kan ik komen?'), 10_000);
    await manager.handlers.removeChannel({ id: channel.id });
    await eventually(async () => other.context.inboxes.channelsOf(inbox)?.length === 0, 10_000);
    const afterRemoval = await conversationOn(other);
    assert.deepEqual({ touchpoints: afterRemoval.touchpoints, noChannel: afterRemoval.noChannel }, { touchpoints: ['whatsapp'], noChannel: false });
    assert.deepEqual((await manager.handlers.listChannels({})).data, []);
  });

  it('gives a desktop that joins later the settings as they are now', async () => {
    const late = startCore({ sample: false, backend: { url: backend.url, token } });
    try {
      const settings = await eventually(async () => {
        const s = await late.handlers.getSettings({});
        return s.organisationName === 'Autobedrijf Test Noord' ? s : undefined;
      }, 10_000);
      assert.equal(settings.zone, 'Europe/London');
      assert.deepEqual(late.context.inboxes.channelsOf(inbox), []);
    } finally {
      late.close();
    }
  });
});
