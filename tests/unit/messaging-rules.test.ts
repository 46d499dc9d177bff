import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { whatsappRequest } from '../../src/backend/channels/whatsapp-cloud-api';
import { nextStatus } from '../../src/domain/message-status';
import { renderTemplate, templateParameterCount } from '../../src/domain/template-text';
import { isWindowOpen, windowOpenUntil, WINDOW_MS } from '../../src/domain/whatsapp-window';
import { whatsappError } from '../../src/domain/whatsapp-errors';

describe('the 24-hour window', () => {
  const inbound = Date.parse('2026-11-25T10:00:00Z');
  it('is closed until the customer writes, open for 24 hours after, closed again after', () => {
    assert.equal(isWindowOpen(null, inbound), false);
    assert.equal(windowOpenUntil(null), null);
    assert.equal(isWindowOpen(inbound, inbound + 1), true);
    assert.equal(isWindowOpen(inbound, inbound + WINDOW_MS - 1), true);
    assert.equal(isWindowOpen(inbound, inbound + WINDOW_MS), false);
    assert.equal(windowOpenUntil(inbound), Date.parse('2026-11-26T10:00:00Z'));
  });
});

describe('nextStatus', () => {
  it('moves forward only', () => {
    assert.equal(nextStatus('queued', 'accepted'), 'accepted');
    assert.equal(nextStatus('accepted', 'read'), 'read', 'delivered may be skipped');
    assert.equal(nextStatus('read', 'delivered'), 'read');
    assert.equal(nextStatus('delivered', 'sent'), 'delivered');
    assert.equal(nextStatus('sent', 'sent'), 'sent');
  });
  it('takes a failure before delivery, ignores one after, and stays failed', () => {
    assert.equal(nextStatus('accepted', 'failed'), 'failed');
    assert.equal(nextStatus('sent', 'failed'), 'failed');
    assert.equal(nextStatus('delivered', 'failed'), 'delivered');
    assert.equal(nextStatus('failed', 'delivered'), 'failed');
  });
  it('leaves inbound messages and notes alone', () => {
    assert.equal(nextStatus('received', 'read'), 'received');
    assert.equal(nextStatus('internal', 'sent'), 'internal');
  });
});

describe('templates', () => {
  it('counts and fills {{n}} variables', () => {
    assert.equal(templateParameterCount('Beste {{1}}, tot {{2}} om {{3}}.'), 3);
    assert.equal(templateParameterCount('Geen variabelen'), 0);
    assert.equal(renderTemplate('Beste {{1}}, om {{2}}.', ['Jan', '09:30']), 'Beste Jan, om 09:30.');
    assert.equal(renderTemplate('Beste {{1}} {{2}}', ['Jan']), 'Beste Jan {{2}}');
  });
});

describe('WhatsApp wire format', () => {
  it('builds text and template sends as the Cloud API expects', () => {
    assert.deepEqual(whatsappRequest({ id: 'm1', to: '+31612345678', text: 'Klaar!', template: null, buttons: [] }), {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '31612345678',
      biz_opaque_callback_data: 'm1',
      type: 'text',
      text: { preview_url: false, body: 'Klaar!' },
    });
    const template = whatsappRequest({
      id: 'm2',
      to: '+31612345678',
      text: '',
      template: { name: 'appointment_reminder', language: 'nl', parameters: ['Jan', '14 mei 09:30'] },
      buttons: [{ type: 'quick_reply', text: 'Bevestigen', payload: 'CONFIRM' }],
    });
    assert.deepEqual(template.template, {
      name: 'appointment_reminder',
      language: { code: 'nl' },
      components: [
        { type: 'body', parameters: [{ type: 'text', text: 'Jan' }, { type: 'text', text: '14 mei 09:30' }] },
        { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'CONFIRM' }] },
      ],
    });
  });

  it('sends the header’s value and each link’s value, every button at its place among all the buttons', () => {
    const request = whatsappRequest({
      id: 'm3',
      to: '+31612345678',
      text: '',
      template: { name: 'car_ready', language: 'nl', parameters: ['Jan'], headerParameter: 'AB-123-C', urlParameters: ['W-1001', 'AB-123-C'] },
      buttons: [
        { type: 'url', text: 'Factuur', url: 'https://example.com/invoice/{{1}}', example: 'W-1' },
        { type: 'quick_reply', text: 'Ik kom eraan', payload: 'COMING' },
        { type: 'url', text: 'Site', url: 'https://example.com', example: null },
        { type: 'url', text: 'Auto', url: 'https://example.com/car/{{1}}', example: 'AB-1' },
      ],
    });
    assert.deepEqual((request.template as { components: unknown }).components, [
      { type: 'header', parameters: [{ type: 'text', text: 'AB-123-C' }] },
      { type: 'body', parameters: [{ type: 'text', text: 'Jan' }] },
      { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'W-1001' }] },
      { type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'COMING' }] },
      // A link without {{1}} takes no value, and so no component; it keeps its place.
      { type: 'button', sub_type: 'url', index: '3', parameters: [{ type: 'text', text: 'AB-123-C' }] },
    ]);
  });
  it('explains error codes and knows which are worth retrying', () => {
    assert.equal(whatsappError(130429).retry, true);
    assert.equal(whatsappError(131056).retry, true);
    assert.equal(whatsappError(131047).retry, false);
    assert.match(whatsappError(131047).reason, /24 hours/);
    assert.match(whatsappError(99999, 'Something odd').reason, /Something odd/);
  });
});
