import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TemplateSyncResult } from '../../src/api/v2/template';
import type { BackendStore } from '../../src/backend/store/backend-store';
import { startBackend, type RunningBackend } from '../../src/backend/backend';
import { MAX_PAGES, SYNC_DEADLINE_MS, TemplateManagement } from '../../src/backend/templates/template-management';
import { TemplateStatusReports } from '../../src/backend/templates/template-status';
import { call, createOrganisation, eventually, openTestStore, startSystem, WHATSAPP } from '../support/backend';
import { manualClock, silentLogger, tempDataFile } from '../support/desktop';
import { startFakeGraph } from '../support/fake-graph';
import { manualTime } from '../support/time';
import { storeLocation } from '../support/engine';

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
    assert.deepEqual(second.body.skipped, [], 'the simulator lists only templates the app sends');

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
  it('does not apply an update for another organisation’s account, and says why', async () => {
    const file = tempDataFile();
    const a = await createOrganisation(file, 'Dealer A', 1);
    const b = await createOrganisation(file, 'Dealer B', 1);
    const store = await openTestStore(file);
    try {
      const template = await store.templates.create(
        a.organizationId,
        { name: 'hello', language: 'nl', title: 'Hello', category: 'UTILITY', header: null, headerParameter: null, body: 'Hoi {{1}}, welkom.', footer: null, buttons: [], parameters: [{ label: 'Name', source: 'customerName', example: 'Jan' }] },
        { businessAccountId: '111', providerId: '555', status: 'PENDING' },
        1,
      );
      const reports = new TemplateStatusReports(store, manualClock(2), silentLogger);
      const value = { event: 'APPROVED', message_template_id: 555, message_template_name: 'hello', message_template_language: 'nl', reason: 'NONE' };
      assert.match((await reports.apply({ organizationId: b.organizationId, businessAccountId: '111' }, value)) ?? '', /no template 555/);
      assert.match((await reports.apply({ organizationId: a.organizationId, businessAccountId: '222' }, value)) ?? '', /no template 555/);
      assert.equal((await store.templates.get(a.organizationId, template.id))!.status, 'PENDING');
      assert.match((await reports.apply({ organizationId: a.organizationId, businessAccountId: '111' }, { event: 'APPROVED' })) ?? '', /not in Meta's format/);
      assert.equal(await reports.apply({ organizationId: a.organizationId, businessAccountId: '111' }, { ...value, event: 'REJECTED', reason: 'INVALID_FORMAT' }), null);
      const rejected = (await store.templates.get(a.organizationId, template.id))!;
      assert.equal(rejected.status, 'REJECTED');
      assert.equal(rejected.rejectionReason, 'INVALID_FORMAT');
      const events = (await store.events.since(a.organizationId, 0, 10)).filter((e) => e.type === 'template.upsert');
      assert.equal(events.length, 1);
      assert.equal((await store.events.since(b.organizationId, 0, 10)).filter((e) => e.type.startsWith('template.')).length, 0);
    } finally {
      await store.close();
    }
  });
});

/** A template as GET /{waba-id}/message_templates lists it. */
const metaTemplate = (id: string, name: string, components: unknown[], extra: Record<string, unknown> = {}) => ({
  id,
  name,
  language: 'nl',
  status: 'APPROVED',
  category: 'UTILITY',
  components: [{ type: 'BODY', text: 'Beste {{1}}, uw auto staat klaar.', example: { body_text: [['Jan']] } }, ...components],
  ...extra,
});
const CHANNEL_SECRETS = { appSecret: 'app-secret', verifyToken: 'verify-token' };

describe('Content Library: a sync takes in only what the app can send, and one row per name and language (a fake Graph API on loopback)', () => {
  const clock = manualClock(Date.parse('2026-11-25T08:00:00Z'));
  /** What each business account lists, by the token that reaches it. */
  const accounts: Record<string, { token: string; templates: unknown[] }> = {
    '2000000001': { token: 'token-amsterdam', templates: [] },
    '2000000002': { token: 'token-utrecht', templates: [] },
  };
  let graph: Awaited<ReturnType<typeof startFakeGraph>>;
  let backend: RunningBackend;
  let org: { organizationId: string; token: string };
  const sync = async () => {
    const answer = await call(backend.url, org.token, 'POST', '/v2/watemplates/sync');
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body as TemplateSyncResult;
  };
  const library = async () => (await call(backend.url, org.token, 'GET', '/v2/watemplates')).body as Array<Record<string, any>>;

  before(async () => {
    graph = await startFakeGraph((url, request) => {
      const waba = /^\/v21\.0\/(\d+)\/message_templates$/.exec(url.pathname)?.[1];
      const account = waba ? accounts[waba] : undefined;
      if (!account || request.headers.authorization !== `Bearer ${account.token}`) return { status: 400, body: { error: { message: 'Invalid OAuth access token' } } };
      return { body: { data: account.templates, paging: { cursors: { before: 'b', after: 'a' } } } };
    });
    const dataFile = tempDataFile();
    org = await createOrganisation(dataFile, 'Autobedrijf Twee Vestigingen', clock.now());
    const store = await openTestStore(dataFile);
    try {
      for (const [businessAccountId, label, phoneNumberId] of [['2000000001', 'Amsterdam', '3000000001'], ['2000000002', 'Utrecht', '3000000002']] as const) {
        await store.channels.create(org.organizationId, { kind: 'whatsapp', label, phoneNumberId, businessAccountId, accessToken: accounts[businessAccountId]!.token, ...CHANNEL_SECRETS }, clock.now());
      }
    } finally {
      await store.close();
    }
    backend = await startBackend({ ...(await storeLocation(dataFile)), clock, logger: silentLogger, country: 'NL', reminderEveryMs: 0, providers: graph.providers });
  });
  after(async () => {
    await backend.close();
    await graph.close();
  });

  it('does not take in a template with a call button, a copy-code button, an image header or a carousel, and says so for each', async () => {
    accounts['2000000001']!.templates = [
      metaTemplate('101', 'service_call', [{ type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Ja' }, { type: 'PHONE_NUMBER', text: 'Bel ons', phone_number: '+31201234567' }, { type: 'URL', text: 'Site', url: 'https://example.com' }] }]),
      metaTemplate('102', 'car_photo', [{ type: 'HEADER', format: 'IMAGE', example: { header_handle: ['https://example.com/car.jpg'] } }]),
      metaTemplate('103', 'discount_code', [{ type: 'BUTTONS', buttons: [{ type: 'COPY_CODE', example: 'WINTER20' }] }]),
      metaTemplate('104', 'winter_carousel', [{ type: 'CAROUSEL', cards: [] }]),
      metaTemplate('105', 'car_ready', [{ type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Ik kom' }, { type: 'URL', text: 'Factuur', url: 'https://example.com/{{1}}', example: ['https://example.com/W-1'] }] }]),
    ];
    const result = await sync();
    assert.deepEqual([result.added, result.updated, result.missing, result.failed], [1, 0, 0, []]);
    const amsterdam = { businessAccountId: '2000000001', channels: ['Amsterdam'] };
    assert.deepEqual(result.skipped, [
      { name: 'service_call', language: 'nl', reason: 'button_kind', kind: 'PHONE_NUMBER', ...amsterdam },
      { name: 'car_photo', language: 'nl', reason: 'media_header', kind: 'IMAGE', ...amsterdam },
      { name: 'discount_code', language: 'nl', reason: 'button_kind', kind: 'COPY_CODE', ...amsterdam },
      { name: 'winter_carousel', language: 'nl', reason: 'other_content', kind: 'CAROUSEL', ...amsterdam },
    ]);
    const taken = await library();
    assert.deepEqual(taken.map((t) => t.name), ['car_ready']);
    // Every button at its own place, as Meta holds them.
    assert.deepEqual(taken[0]!.buttons, [
      { type: 'quick_reply', text: 'Ik kom', payload: 'Ik kom' },
      { type: 'url', text: 'Factuur', url: 'https://example.com/{{1}}', example: 'W-1' },
    ]);
  });

  it('stops offering a template once Meta’s manager gives it a call button: marked missing and named as not taken in', async () => {
    const ready = accounts['2000000001']!.templates.find((t: any) => t.name === 'car_ready') as any;
    ready.components[1].buttons.splice(1, 0, { type: 'PHONE_NUMBER', text: 'Bel ons', phone_number: '+31201234567' });
    const result = await sync();
    assert.equal(result.missing, 1);
    assert.deepEqual(
      result.skipped.filter((s) => s.name === 'car_ready').map((s) => [s.reason, s.kind]),
      [['button_kind', 'PHONE_NUMBER']],
    );
    const kept = (await library()).find((t) => t.name === 'car_ready')!;
    assert.equal(typeof kept.missingSince, 'number', 'no longer offered, so never sent with its buttons out of place');
    assert.equal(kept.buttons.length, 2, 'nothing of what Meta holds now was taken in part');
  });

  it('keeps the same name and language of two business accounts as the first account’s, sync after sync, and names the other', async () => {
    accounts['2000000001']!.templates = [metaTemplate('201', 'appointment_reminder', [])];
    accounts['2000000002']!.templates = [metaTemplate('202', 'appointment_reminder', [], { components: [{ type: 'BODY', text: 'Hallo {{1}}, tot morgen.', example: { body_text: [['Jan']] } }] })];
    const rows = async () => (await library()).filter((t) => t.name === 'appointment_reminder').map((t) => [t.businessAccountId, t.providerId, t.body, t.missingSince]);
    const first = await sync();
    assert.equal(first.added, 1);
    assert.deepEqual(first.skipped.filter((s) => s.name === 'appointment_reminder'), [
      { name: 'appointment_reminder', language: 'nl', reason: 'other_account', kind: null, businessAccountId: '2000000002', channels: ['Utrecht'] },
    ]);
    const kept = await rows();
    assert.deepEqual(kept, [['2000000001', '201', 'Beste {{1}}, uw auto staat klaar.', null]]);
    for (let round = 0; round < 2; round++) {
      const again = await sync();
      assert.deepEqual([again.added, again.updated, again.missing], [0, 0, 0], `sync ${round + 2} moved nothing`);
      assert.deepEqual(again.skipped.filter((s) => s.reason === 'other_account').map((s) => s.businessAccountId), ['2000000002']);
      assert.deepEqual(await rows(), kept);
    }
    // Meta's review reports for the account that keeps it still find it.
    const reports = new TemplateStatusReports(backend.store, clock, silentLogger);
    const value = { event: 'PAUSED', message_template_id: '201', message_template_name: 'appointment_reminder', message_template_language: 'nl', reason: 'LOW_QUALITY' };
    assert.equal(await reports.apply({ organizationId: org.organizationId, businessAccountId: '2000000001' }, value), null);
    assert.deepEqual((await library()).find((t) => t.name === 'appointment_reminder')!.status, 'PAUSED');
  });
});

describe('Content Library: a sync against a Graph API whose paging never ends stops, and says why', () => {
  const start = Date.parse('2026-11-25T08:00:00Z');
  let graph: Awaited<ReturnType<typeof startFakeGraph>>;
  /** How the fake account pages: its answer to the nth request for the list. */
  let page: (n: number) => { body: unknown } | Promise<{ body: unknown }>;
  let store: BackendStore;
  let organizationId: string;

  before(async () => {
    let n = 0;
    graph = await startFakeGraph((url) => (url.pathname.endsWith('/message_templates') ? page(n++) : { status: 404, body: { error: { message: 'Unknown path' } } }));
    const dataFile = tempDataFile();
    organizationId = (await createOrganisation(dataFile, 'Autobedrijf Test', start)).organizationId;
    store = await openTestStore(dataFile);
    for (const [businessAccountId, label, phoneNumberId] of [['2000000001', 'Amsterdam', '3000000001'], ['2000000002', 'Utrecht', '3000000002']] as const) {
      await store.channels.create(organizationId, { kind: 'whatsapp', label, phoneNumberId, businessAccountId, accessToken: `token-${label}`, ...CHANNEL_SECRETS }, start);
    }
  });
  after(async () => {
    await store.close();
    await graph.close();
  });
  const run = (time: ReturnType<typeof manualTime>) => new TemplateManagement(store, time.clock, silentLogger, graph.providers, time.timers).sync(organizationId);
  const listing = (n: number, after: string) => ({ body: { data: [metaTemplate(String(900 + n), `page_${n}`, [])], paging: { cursors: { after }, next: `https://graph.facebook.com/next?after=${after}` } } });

  it(`refuses an account that lists more than ${MAX_PAGES} pages, in words, and takes in nothing of it`, async () => {
    graph.asked.length = 0;
    page = (n) => listing(n, `cursor-${n}`);
    const result = await run(manualTime(start));
    assert.deepEqual(result.failed.map((f) => [f.businessAccountId, f.code, f.reason]), [
      ['2000000001', 'TEMPLATE_LIST_TOO_LONG', `The account lists more than ${MAX_PAGES} pages of templates; nothing of it was changed.`],
      ['2000000002', 'TEMPLATE_LIST_TOO_LONG', `The account lists more than ${MAX_PAGES} pages of templates; nothing of it was changed.`],
    ]);
    assert.equal(graph.asked.length, 2 * MAX_PAGES);
    assert.deepEqual(await store.templates.list(organizationId), []);
  });

  it('ends at a cursor given twice, with a clear failure', async () => {
    graph.asked.length = 0;
    page = (n) => listing(n, n % 2 === 0 ? 'cursor-a' : 'cursor-b');
    const result = await run(manualTime(start));
    assert.deepEqual(result.failed.map((f) => f.code), ['TEMPLATE_LIST_REPEATS', 'TEMPLATE_LIST_REPEATS']);
    assert.match(result.failed[0]!.reason, /Meta gave the same page of templates twice/);
    assert.equal(graph.asked.length, 6, 'three pages per account: the third repeats the first’s cursor');
    assert.deepEqual(await store.templates.list(organizationId), []);
  });

  it(`stops the whole sync at ${SYNC_DEADLINE_MS / 1000} seconds on the timers port, the account after it included`, async () => {
    graph.asked.length = 0;
    const time = manualTime(start);
    // Each page takes Graph 4 seconds (moved by hand, nothing sleeps): the eighth passes the deadline.
    page = (n) => {
      time.advance(4_000);
      return listing(n, `cursor-${n}`);
    };
    const result = await run(time);
    assert.deepEqual(result.failed.map((f) => [f.businessAccountId, f.code]), [
      ['2000000001', 'TEMPLATE_SYNC_TIMEOUT'],
      ['2000000002', 'TEMPLATE_SYNC_TIMEOUT'],
    ]);
    assert.match(result.failed[0]!.reason, /took more than 30 seconds and was stopped/);
    assert.equal(graph.asked.length, 8, 'the second account is not asked once the deadline has passed');
    assert.deepEqual(await store.templates.list(organizationId), []);
  });
});
