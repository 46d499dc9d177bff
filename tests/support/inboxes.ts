import assert from 'node:assert/strict';
import { call } from './backend';
import type { Organisation } from './connected';

/** A workshop inbox, open on weekdays 08:00–17:00 and with no number of its own, made by the organisation's manager. */
export async function createWorkshopInbox(organisation: Organisation, name: string): Promise<{ id: string; name: string }> {
  const created = await call(organisation.url, organisation.org.token, 'POST', '/v2/inboxes', {
    name,
    kind: 'workshop',
    zone: 'Europe/Amsterdam',
    country: 'NL',
    openingHours: [...Array(5).fill({ open: '08:00', close: '17:00' }), null, null],
    closedDates: [],
    templateLanguage: 'nl',
    whatsappChannel: null,
    smsChannel: null,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return { id: created.body.id, name };
}
