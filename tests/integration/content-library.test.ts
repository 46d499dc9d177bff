import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BackendStore } from '../../src/backend/store/backend-store';
import { TemplateStatusReports } from '../../src/backend/templates/template-status';
import { call, createOrganisation, eventually, startSystem, WHATSAPP } from '../support/backend';
import { manualClock, silentLogger, tempDataFile } from '../support/desktop';

const HOUR = 3_600_000;
const CUSTOMER = '31612345678';

/** A template as a manager writes it in Settings → Content Library. */
const READY = {
  name: 'car_ready',
  title: 'Car is ready',
  language: 'nl',
  category: 'UTILITY',
  header: 'Uw {{1}} is klaar',
  headerParameter: { label: 'Plate', source: 'plate', example: 'AB-123-C' },
  body: 'Beste {{1}}, uw auto staat klaar bij {{2}}. Tot zo!',
  footer: 'Autobedrijf Test',
  buttons: [
    { type: 'quick_reply', text: 'Ik kom eraan', payload: 'COMING' },
    { type: 'url', text: 'Factuur', url: 'https://example.com/invoice/{{1}}', example: 'W-1001' },
  ],
  parameters: [
    { label: 'Customer name', source: 'customerName', example: 'Jan' },
    { label: 'Advisor', source: 'advisor', example: 'Sanne' },
  ],
};

describe('Content Library: templates through Meta’s template management (simulator on loopback)', () => {
  const clock = manualClock(Date.parse('2026-11-25T08:00:00Z'));
  let system: Awaited<ReturnType<typeof startSystem>>;
  let api: (method: string, path: string, body?: unknown) => ReturnType<typeof call>;
  const listed = async (name: string) => ((await api('GET', '/v2/watemplates')).body as Array<{ name: string }>).find((t) => t.name === name) as any;

  before(async () => {
    system = await startSystem({ clock });
    api = (method, path, body) => call(system.backend.url, system.org.token, method, path, body);
  });
  after(async () => {
    await system.backend.close();
    await system.simulator.close();
  });

  it('submits a new template: pending, then approved by Meta’s review webhook, and then it can be sent', async () => {
    const created = await api('POST', '/v2/watemplates', READY);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.status, 'PENDING');
    assert.equal(created.body.businessAccountId, WHATSAPP.businessAccountId);
    const atMeta = system.simulator.templates().find((t) => t.name === 'car_ready')!;
    assert.equal(created.body.providerId, atMeta.id);
    assert.deepEqual(atMeta.components.find((c) => c.type === 'BODY')?.example, { body_text: [['Jan', 'Sanne']] });

    const conversation = await api('POST', '/v2/conversations', { contact: { profile: { name: 'Jan de Vries', telephone: '+' + CUSTOMER } } });
    const use = { name: 'car_ready', language: 'nl', parameters: ['Jan', 'Sanne'], headerParameter: 'AB-123-C', urlParameters: ['W-1001'] };
    const early = await api('POST', `/v2/conversations/${conversation.body.id}/messages`, { type: 'template', touchpoint: 'whatsapp', template: use });
    assert.equal(early.status, 422);
    assert.equal(early.body.error.code, 'TEMPLATE_NOT_APPROVED');
    assert.match(early.body.error.message, /Car is ready.*not approved it yet/);

    clock.advance(HOUR);
    await system.simulator.reviewDue();
    assert.equal((await listed('car_ready')).status, 'APPROVED');
    // Without the header's and the link's values Meta would refuse it (132000): refused here first, in words.
    const bodyOnly = await api('POST', `/v2/conversations/${conversation.body.id}/messages`, { type: 'template', touchpoint: 'whatsapp', template: { ...use, headerParameter: undefined, urlParameters: undefined } });
    assert.equal(bodyOnly.status, 422);
    assert.equal(bodyOnly.body.error.code, 'TEMPLATE_PARAMETERS');
    assert.match(bodyOnly.body.error.message, /takes a value for its header; 0 were given; it takes a value for its link buttons; 0 were given/);
    const twoLinks = await api('POST', `/v2/conversations/${conversation.body.id}/messages`, { type: 'template', touchpoint: 'whatsapp', template: { ...use, urlParameters: ['W-1001', 'W-1002'] } });
    assert.match(twoLinks.body.error.message, /takes a value for its link buttons; 2 were given/);
    const longHeader = await api('POST', `/v2/conversations/${conversation.body.id}/messages`, { type: 'template', touchpoint: 'whatsapp', template: { ...use, headerParameter: 'x'.repeat(61) } });
    assert.equal(longHeader.status, 400);
    assert.match(longHeader.body.error.message, /headerParameter: is at most 60 characters/);

    const sent = await api('POST', `/v2/conversations/${conversation.body.id}/messages`, { type: 'template', touchpoint: 'whatsapp', template: use });
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    assert.equal(sent.body.text, 'Uw AB-123-C is klaar\n\nBeste Jan, uw auto staat klaar bij Sanne. Tot zo!\n\nAutobedrijf Test');
    const delivered = await eventually(() => system.simulator.delivered().find((m) => m.template === 'car_ready'));
    // Meta checked the counts (132000 otherwise) and took each value at its button's place among all buttons.
    assert.deepEqual(delivered.values, {
      header: 'AB-123-C',
      buttons: [
        { index: 0, type: 'quick_reply', value: 'COMING' },
        { index: 1, type: 'url', value: 'W-1001' },
      ],
    });
  });

  it('sends a template whose link button comes first, each button at its index among all buttons', async () => {
    const linkFirst = {
      ...READY,
      name: 'invoice_ready',
      title: 'Invoice ready',
      header: null,
      headerParameter: null,
      buttons: [
        { type: 'url', text: 'Factuur', url: 'https://example.com/invoice/{{1}}', example: 'W-1001' },
        { type: 'quick_reply', text: 'Ik kom eraan', payload: 'COMING' },
      ],
    };
    assert.equal((await api('POST', '/v2/watemplates', linkFirst)).status, 201);
    clock.advance(HOUR);
    await system.simulator.reviewDue();
    assert.equal((await listed('invoice_ready')).status, 'APPROVED');
    const conversation = await api('POST', '/v2/conversations', { contact: { profile: { name: 'Eva Smit', telephone: '+31612345679' } } });
    const use = { name: 'invoice_ready', language: 'nl', parameters: ['Eva', 'Sanne'], urlParameters: ['W-2002'] };
    const sent = await api('POST', `/v2/conversations/${conversation.body.id}/messages`, { type: 'template', touchpoint: 'whatsapp', template: use });
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    const message = await eventually(async () => {
      const m = (await api('GET', `/v2/conversations/${conversation.body.id}/messages`)).body.data.find((x: { id: string }) => x.id === sent.body.id);
      return (m.status === 'delivered' || m.status === 'failed') && m;
    });
    assert.equal(message.status, 'delivered', JSON.stringify(message.failure));
    assert.deepEqual(system.simulator.delivered().find((m) => m.template === 'invoice_ready')!.values, {
      header: null,
      buttons: [
        { index: 0, type: 'url', value: 'W-2002' },
        { index: 1, type: 'quick_reply', value: 'COMING' },
      ],
    });
  });

  it('never stores a template as approved without Meta: the old mirror without parameters is refused, a draft goes to review', async () => {
    const mirror = { name: 'self_approved', language: 'nl', category: 'UTILITY', body: 'Uw auto is klaar.', buttons: [], parameterHints: [] };
    const refused = await api('POST', '/v2/watemplates', mirror);
    assert.equal(refused.status, 400);
    assert.match(refused.body.error.message, /^title: .*Unrecognized key: "parameterHints"$/);
    assert.equal(await listed('self_approved'), undefined);
    assert.ok(!system.simulator.templates().some((t) => t.name === 'self_approved'));

    const { parameterHints: _hints, ...draft } = mirror;
    const submitted = await api('POST', '/v2/watemplates', { ...draft, title: 'Klaar' });
    assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
    assert.equal(submitted.body.status, 'PENDING');
    assert.equal(system.simulator.templates().find((t) => t.name === 'self_approved')?.status, 'PENDING');
  });

  it('shows Meta’s reason when the review rejects a template (an offer in a utility template)', async () => {
    const offer = { ...READY, name: 'winter_offer', title: 'Winter check', header: null, headerParameter: null, buttons: [], body: 'Beste {{1}}, deze maand 20% discount op de wintercheck bij {{2}}.' };
    assert.equal((await api('POST', '/v2/watemplates', offer)).status, 201);
    clock.advance(HOUR);
    await system.simulator.reviewDue();
    const rejected = await listed('winter_offer');
    assert.equal(rejected.status, 'REJECTED');
    assert.equal(rejected.rejectionReason, 'INCORRECT_CATEGORY');
  });

  it('says Meta’s refusal in words when the name is taken in the account (422), and stores nothing', async () => {
    system.simulator.addApprovedTemplate({ name: 'made_at_meta', language: 'nl', category: 'UTILITY', body: 'Hallo {{1}}, uw afspraak staat.', examples: ['Jan'] });
    const refused = await api('POST', '/v2/watemplates', { ...READY, name: 'made_at_meta' });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error.code, 'TEMPLATE_REFUSED');
    assert.match(refused.body.error.message, /Content in this language already exists/);
    assert.equal(await listed('made_at_meta'), undefined);
  });

  it('syncs the account: adds what was made at Meta, and marks (keeps) what the account no longer has', async () => {
    const first = await api('POST', '/v2/watemplates/sync');
    assert.equal(first.status, 200);
    assert.ok(first.body.added >= 1, JSON.stringify(first.body));
    const synced = await listed('made_at_meta');
    assert.equal(synced.status, 'APPROVED');
    assert.deepEqual(synced.parameters, [{ label: 'Value 1', source: 'none', example: 'Jan' }]);
    assert.equal((await api('POST', '/v2/watemplates/sync')).body.added, 0);

    // Deleted in Meta's manager, outside the app: kept here, marked missing.
    const gone = await listed('winter_offer');
    const atMeta = await fetch(`${system.simulator.url}/v21.0/${WHATSAPP.businessAccountId}/message_templates?name=winter_offer&hsm_id=${gone.providerId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${WHATSAPP.accessToken}` },
    });
    assert.equal(atMeta.status, 200);
    const second = await api('POST', '/v2/watemplates/sync');
    assert.equal(second.body.missing, 1);
    assert.equal(typeof (await listed('winter_offer')).missingSince, 'number');
    assert.deepEqual(second.body.failed, []);

    // What managers did to the library is in the audit log, as facts.
    const audit = (await api('GET', '/v2/audit')).body.data as Array<{ action: string; detail: string; facts: Record<string, unknown> | null }>;
    assert.deepEqual(audit.find((line) => line.action === 'templates.synced')?.facts, { counts: { added: 0, updated: 0, missing: 1, failed: 0 } });
    assert.ok(audit.some((line) => line.action === 'template.created'), 'a submitted template is audited');
  });

  it('deletes a template at Meta and here', async () => {
    const ready = await listed('car_ready');
    assert.equal((await api('DELETE', `/v2/watemplates/${ready.id}`)).status, 204);
    assert.equal(await listed('car_ready'), undefined);
    assert.ok(!system.simulator.templates().some((t) => t.name === 'car_ready'));
  });

  it('edits a template: the text is resubmitted (pending again); a new title alone is not', async () => {
    const synced = await listed('made_at_meta');
    const content = { title: 'Afspraak bevestigd', category: 'UTILITY', body: synced.body, parameters: [{ label: 'Customer name', source: 'customerName', example: 'Jan' }] };
    const titled = await api('PATCH', `/v2/watemplates/${synced.id}`, content);
    assert.equal(titled.status, 200, JSON.stringify(titled.body));
    assert.equal(titled.body.status, 'APPROVED');
    assert.equal(titled.body.title, 'Afspraak bevestigd');
    const edited = await api('PATCH', `/v2/watemplates/${synced.id}`, { ...content, body: 'Hallo {{1}}, uw afspraak is bevestigd.' });
    assert.equal(edited.body.status, 'PENDING');
    clock.advance(HOUR);
    await system.simulator.reviewDue();
    assert.equal((await listed('made_at_meta')).status, 'APPROVED');
  });

  it('refuses templates that break Meta’s rules, each in words at its field', async () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['a body starting with a parameter', { body: '{{1}}, uw auto staat klaar bij {{2}}.' }, /body: may not start with a parameter/],
      ['a body ending with a parameter', { body: 'Beste {{1}}, uw auto staat klaar bij {{2}}' }, /body: may not end with a parameter/],
      ['parameters side by side', { body: 'Beste {{1}} {{2}}, tot zo.' }, /body: may not have two parameters side by side/],
      ['parameters out of order', { body: 'Beste {{2}}, bij {{1}} klaar.' }, /used first in that order/],
      ['a missing example', { parameters: [READY.parameters[0], { ...READY.parameters[1], example: '' }] }, /parameters\.1\.example: is required/],
      ['a header of 61 characters', { header: 'x'.repeat(61), headerParameter: null }, /header: is at most 60 characters/],
      ['a footer with a parameter', { footer: 'Groet {{1}}' }, /footer: may not have parameters/],
      ['a button text of 26 characters', { buttons: [{ type: 'quick_reply', text: 'x'.repeat(26), payload: 'X' }] }, /buttons\.0\.text: is at most 25 characters/],
      ['an http address', { buttons: [{ type: 'url', text: 'Site', url: 'http://example.com' }] }, /buttons\.0\.url: must be an https address/],
      ['three URL buttons', { buttons: [1, 2, 3].map((n) => ({ type: 'url', text: `Site ${n}`, url: 'https://example.com' })) }, /at most 2 URL buttons/],
    ];
    for (const [what, change, words] of cases) {
      const refused = await api('POST', '/v2/watemplates', { ...READY, name: 'rule_check', ...change });
      assert.equal(refused.status, 400, what);
      assert.match(refused.body.error.message, words, what);
    }
    assert.equal(await listed('rule_check'), undefined);
  });
});

describe('Content Library: a review status only reaches the organisation whose account it names', () => {
  it('does not apply an update for another organisation’s account, and says why', () => {
    const file = tempDataFile();
    const a = createOrganisation(file, 'Dealer A', 1);
    const b = createOrganisation(file, 'Dealer B', 1);
    const store = new BackendStore(file);
    try {
      const template = store.templates.create(
        a.organizationId,
        { name: 'hello', language: 'nl', title: 'Hello', category: 'UTILITY', header: null, headerParameter: null, body: 'Hoi {{1}}, welkom.', footer: null, buttons: [], parameters: [{ label: 'Name', source: 'customerName', example: 'Jan' }] },
        { businessAccountId: '111', providerId: '555', status: 'PENDING' },
        1,
      );
      const reports = new TemplateStatusReports(store, manualClock(2), silentLogger);
      const value = { event: 'APPROVED', message_template_id: 555, message_template_name: 'hello', message_template_language: 'nl', reason: 'NONE' };
      assert.match(reports.apply({ organizationId: b.organizationId, businessAccountId: '111' }, value) ?? '', /no template 555/);
      assert.match(reports.apply({ organizationId: a.organizationId, businessAccountId: '222' }, value) ?? '', /no template 555/);
      assert.equal(store.templates.get(a.organizationId, template.id)!.status, 'PENDING');
      assert.match(reports.apply({ organizationId: a.organizationId, businessAccountId: '111' }, { event: 'APPROVED' }) ?? '', /not in Meta's format/);
      assert.equal(reports.apply({ organizationId: a.organizationId, businessAccountId: '111' }, { ...value, event: 'REJECTED', reason: 'INVALID_FORMAT' }), null);
      const rejected = store.templates.get(a.organizationId, template.id)!;
      assert.equal(rejected.status, 'REJECTED');
      assert.equal(rejected.rejectionReason, 'INVALID_FORMAT');
      const events = store.events.since(a.organizationId, 0, 10).filter((e) => e.type === 'template.upsert');
      assert.equal(events.length, 1);
      assert.equal(store.events.since(b.organizationId, 0, 10).filter((e) => e.type.startsWith('template.')).length, 0);
    } finally {
      store.close();
    }
  });
});
