import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { call, eventually, startSystem, WHATSAPP } from '../support/backend';
import { manualClock } from '../support/desktop';

const HOUR = 3_600_000;
const CUSTOMER = '31687654321';

/** A template with a value in its header, its text and its link, as a manager submits it. */
const INVOICE = {
  name: 'invoice_ready',
  title: 'Invoice ready',
  language: 'nl',
  category: 'UTILITY',
  header: 'Factuur {{1}}',
  headerParameter: { label: 'Work order', source: 'workOrder', example: 'W-1001' },
  body: 'Beste {{1}}, uw factuur voor {{2}} staat klaar.',
  footer: null,
  buttons: [{ type: 'url', text: 'Factuur', url: 'https://example.com/invoice/{{1}}', example: 'W-1001' }],
  parameters: [
    { label: 'Customer name', source: 'customerName', example: 'Jan' },
    { label: 'Plate', source: 'plate', example: 'AB-123-C' },
  ],
};

describe('backend: what WhatsApp would refuse in a template send is refused before it is queued', () => {
  const clock = manualClock(Date.parse('2026-11-25T08:00:00Z'));
  let system: Awaited<ReturnType<typeof startSystem>>;
  let api: (method: string, path: string, body?: unknown) => ReturnType<typeof call>;
  let conversation: string;
  const send = (template: Record<string, unknown>) =>
    api('POST', `/v2/conversations/${conversation}/messages`, { type: 'template', touchpoint: 'whatsapp', template: { name: 'invoice_ready', language: 'nl', ...template } });

  before(async () => {
    system = await startSystem({ clock });
    api = (method, path, body) => call(system.backend.url, system.org.token, method, path, body);
    assert.equal((await api('POST', '/v2/watemplates', INVOICE)).status, 201);
    clock.advance(HOUR);
    await system.simulator.reviewDue();
    conversation = (await api('POST', '/v2/conversations', { contact: { profile: { name: 'Eva', telephone: `+${CUSTOMER}` } } })).body.id;
  });
  after(async () => {
    await system.backend.close();
    await system.simulator.close();
  });

  it('a value with a line break, a tab or five spaces in a row, or a link value with a space (Meta: 132018)', async () => {
    const refusals: Array<[Record<string, unknown>, Record<string, unknown>]> = [
      [{ parameters: ['Eva', 'GZ-318-K\nen APK'], headerParameter: 'W-1', urlParameters: ['W-1'] }, { part: 'body', index: 2, problem: 'line_break' }],
      [{ parameters: ['Eva\t', 'GZ-318-K'], headerParameter: 'W-1', urlParameters: ['W-1'] }, { part: 'body', index: 1, problem: 'line_break' }],
      [{ parameters: ['Eva', 'GZ     318'], headerParameter: 'W-1', urlParameters: ['W-1'] }, { part: 'body', index: 2, problem: 'spaces' }],
      [{ parameters: ['Eva', 'GZ-318-K'], headerParameter: 'W\n1', urlParameters: ['W-1'] }, { part: 'header', index: 1, problem: 'line_break' }],
      [{ parameters: ['Eva', 'GZ-318-K'], headerParameter: 'W-1', urlParameters: ['W 1'] }, { part: 'url', index: 1, problem: 'white_space' }],
    ];
    for (const [values, params] of refusals) {
      const refused = await send(values);
      assert.equal(refused.status, 422, JSON.stringify(values));
      assert.deepEqual([refused.body.error.code, refused.body.error.params], ['TEMPLATE_VALUE', params]);
    }
    assert.equal(system.simulator.delivered().filter((m) => m.to === CUSTOMER).length, 0, 'nothing went out');
    const fine = await send({ parameters: ['Eva', 'GZ-318-K'], headerParameter: 'W-1', urlParameters: ['W/1?x=1'] });
    assert.equal(fine.status, 202, JSON.stringify(fine.body));
  });

  it('a queued send whose template changed before it left is failed in words, not sent with values that no longer fit', async () => {
    system.simulator.setAvailable(false);
    const queued = await send({ parameters: ['Eva', 'GZ-318-K'], headerParameter: 'W-2', urlParameters: ['W-2'] });
    assert.equal(queued.status, 202);
    const store = system.backend.store;
    // Its first attempt met the outage and waits for its retry (due on the test's clock, which stands still).
    const waiting = async (messageId: string) =>
      (await store.sql.get(sql<{ attempts: number }>`SELECT attempts FROM sends WHERE message_id = ${messageId} AND state = 'pending'`))?.attempts;
    await eventually(async () => ((await waiting(queued.body.id)) ?? 0) >= 1);
    // Meanwhile the template was changed at Meta and synced: its text now takes three values.
    const stored = (await store.templates.find(system.org.organizationId, 'invoice_ready', 'nl'))!;
    await store.sql.run(sql`UPDATE watemplates SET body = ${'Beste {{1}}, uw factuur voor {{2}} van {{3}} staat klaar.'} WHERE id = ${stored.id}`);
    system.simulator.setAvailable(true);
    clock.advance(HOUR);
    const failed = await eventually(async () => {
      const message = (await api('GET', `/v2/conversations/${conversation}/messages`)).body.data.find((m: { id: string }) => m.id === queued.body.id);
      return message?.status === 'failed' ? message : undefined;
    });
    assert.match(failed.failure.reason, /changed after this message was queued \(it now takes 3 values for its text; 2 were given\)/);
    assert.equal(system.simulator.delivered().filter((m) => m.to === CUSTOMER && m.body.includes('W-2')).length, 0);
    await store.sql.run(sql`UPDATE watemplates SET body = ${stored.body} WHERE id = ${stored.id}`);
  });

  it('a template deleted in Meta\'s manager (seen at a sync) is refused, not sent to be refused by Meta (132001)', async () => {
    const [atMeta] = system.simulator.templates().filter((t) => t.name === 'invoice_ready');
    const deleted = await fetch(`${system.simulator.url}/v21.0/${WHATSAPP.businessAccountId}/message_templates?name=invoice_ready&hsm_id=${atMeta!.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${WHATSAPP.accessToken}` },
    });
    assert.equal(deleted.status, 200);
    assert.equal((await api('POST', '/v2/watemplates/sync')).body.missing, 1);
    const refused = await send({ parameters: ['Eva', 'GZ-318-K'], headerParameter: 'W-1', urlParameters: ['W-1'] });
    assert.equal(refused.status, 422);
    assert.deepEqual([refused.body.error.code, refused.body.error.params], ['TEMPLATE_MISSING', { name: 'Invoice ready' }]);
  });
});
