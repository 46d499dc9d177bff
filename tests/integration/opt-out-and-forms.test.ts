import { FIELD_LIMITS } from '../../src/api/limits';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { localDateAt } from '../../src/domain/zoned-time';
import { call, eventually } from '../support/backend';
import { connectedCore, startOrganisation, settled, type Organisation } from '../support/connected';
import { customerSends } from '../support/whatsapp-inbound';

const ZONE = 'Europe/Amsterdam';
const today = () => localDateAt(Date.now(), ZONE);

/** A marketing template as Meta approved it for the organisation (synced from its account). */
const PROMOTION = {
  name: 'winter_tyres_offer',
  language: 'nl',
  category: 'MARKETING' as const,
  body: 'Beste {{1}}, nu 15% korting op winterbanden.',
  buttons: [],
  parameterHints: ['customerName' as const],
};

describe('opt-out by STOP and START, and the appointment form in the conversation', () => {
  let organisation: Organisation;
  before(async () => {
    organisation = await startOrganisation();
    await organisation.backend().store.templates.upsert(organisation.org.organizationId, PROMOTION);
  });
  after(() => organisation.close());

  it('a customer who writes STOP is opted out on every desktop; marketing is refused, utility templates and answers still go; START opts in again', async (t) => {
    const phone = '+31655555501';
    const appt = await organisation.appointment({ sourceId: 'OPT-1', date: today(), name: 'Levi Kok', phone });
    const a = connectedCore(organisation);
    const b = connectedCore(organisation);
    t.after(() => (a.core.close(), b.core.close()));
    await Promise.all([settled(a.core), settled(b.core)]);
    const cardOn = async (desktop: typeof b) => (await desktop.core.handlers.getBoard({})).cards.find((c) => c.id === appt.id);
    await eventually(async () => (await cardOn(b)) !== undefined);
    assert.equal((await cardOn(b))!.optedOut, null);

    // A longer answer that has the word in it is an answer, not an opt-out.
    await organisation.reply('Stop maar met de banden, alleen de APK', phone);
    await eventually(async () => (await b.core.handlers.getConversation({ appointmentId: appt.id })).messages.some((m) => m.text.startsWith('Stop maar')));
    assert.equal((await cardOn(b))!.optedOut, null);

    await organisation.reply('Stop!', phone);
    const optedOut = await eventually(async () => (await cardOn(b))?.optedOut);
    assert.equal(optedOut.by, 'STOP');
    const note = (await b.core.handlers.getConversation({ appointmentId: appt.id })).messages.find((m) => m.notice);
    assert.deepEqual(note?.notice, { kind: 'optedOut', by: 'STOP' });
    assert.equal(note?.touchpoint, 'internal');

    const conversation = (await a.core.handlers.getConversation({ appointmentId: appt.id })).conversation.id!;
    const post = (body: unknown) => call(organisation.url, organisation.org.token, 'POST', `/v2/conversations/${conversation}/messages`, body);
    const marketing = await post({ type: 'template', template: { name: PROMOTION.name, language: 'nl', parameters: ['Levi'] } });
    assert.equal(marketing.status, 422);
    assert.equal(marketing.body.error.code, 'OPTED_OUT');
    assert.match(marketing.body.error.message, /opted out of marketing \(STOP, .*\).*START/);
    await assert.rejects(
      async () => a.core.handlers.sendMessage({ appointmentId: appt.id, touchpoint: 'whatsapp', template: { name: PROMOTION.name, language: 'nl', parameters: ['Levi'] } }),
      (error: Error & { code?: string }) => error.code === 'OPTED_OUT' && /START/.test(error.message),
    );
    const utility = await post({ type: 'template', template: { name: 'vehicle_ready', language: 'nl', parameters: ['Levi', '12-AB-34', 'de receptie'] } });
    assert.equal(utility.status, 202, JSON.stringify(utility.body));
    const answer = await post({ type: 'chat', text: 'Begrepen, u krijgt geen aanbiedingen meer.' });
    assert.equal(answer.status, 202, JSON.stringify(answer.body));
    await eventually(() => organisation.simulator.delivered().filter((m) => m.to === phone.slice(1)).length === 2);

    await organisation.reply('start', phone);
    await eventually(async () => (await cardOn(b))?.optedOut === null);
    const notes = (await b.core.handlers.getConversation({ appointmentId: appt.id })).messages.flatMap((m) => (m.notice ? [m.notice] : []));
    assert.deepEqual(notes, [{ kind: 'optedOut', by: 'STOP' }, { kind: 'optedIn', by: 'START' }]);
    const contact = await call(organisation.url, organisation.org.token, 'GET', `/v2/contacts?profile.telephone=${encodeURIComponent(phone)}`);
    assert.equal(contact.body.data[0].optedOut, null);
    assert.equal((await post({ type: 'template', template: { name: PROMOTION.name, language: 'nl', parameters: ['Levi'] } })).status, 202);
  });

  it('a customer who taps an opt-out quick-reply button is opted out, whatever the button says', async () => {
    const phone = '+31655555503';
    const appt = await organisation.appointment({ sourceId: 'OPT-2', date: today(), name: 'Fenna Bos', phone });
    await customerSends(organisation.url, { phone, name: 'Fenna Bos' }, [
      { id: 'wamid.optout-button-1', timestamp: String(Math.floor(Date.now() / 1000)), type: 'button', button: { text: 'Geen berichten meer', payload: 'OPT_OUT' } },
    ]);
    const contact = await eventually(async () => {
      const found = await call(organisation.url, organisation.org.token, 'GET', `/v2/contacts?profile.telephone=${encodeURIComponent(phone)}`);
      return found.body.data.find((c: { id: string }) => c.id === appt.contact)?.optedOut;
    });
    assert.equal(contact.by, 'OPT_OUT');
  });

  it('a form filled in from a conversation on desktop A shows as a form card on desktop B; made offline it waits as pending', async (t) => {
    const phone = '+31655555502';
    const appt = await organisation.appointment({ sourceId: 'FORM-1', date: today(), name: 'Noor Visser', phone });
    const a = connectedCore(organisation);
    const b = connectedCore(organisation);
    t.after(() => (a.core.close(), b.core.close()));
    await Promise.all([settled(a.core), settled(b.core)]);
    // Both desktops have the card before A fills in the form from it (B reads its conversation below).
    for (const desk of [a, b]) await eventually(async () => (await desk.core.handlers.getBoard({})).cards.some((c) => c.id === appt.id));
    const details = await a.core.handlers.getAppointment({ id: appt.id });
    // The longest work the form takes (FIELD_LIMITS.work): its card goes whole, its text too.
    const work = 'Schade linker portier; '.repeat(200).slice(0, FIELD_LIMITS.work).trim();

    await a.core.handlers.createManualAppointment({
      date: today(),
      time: '14:30',
      contactId: details.contact!.id,
      plate: '12-ab-34',
      work,
      fromConversation: appt.id,
    });
    const card = await eventually(async () =>
      (await b.core.handlers.getConversation({ appointmentId: appt.id })).messages.find((m) => m.form),
    );
    const inbox = (await b.core.handlers.listInboxes({})).find((i) => i.id === details.inboxId)!.name;
    assert.deepEqual(card.form, {
      title: 'manualAppointment',
      fields: [
        { label: 'date', value: today() },
        { label: 'time', value: '14:30' },
        { label: 'inbox', value: inbox },
        { label: 'customerName', value: 'Noor Visser' },
        { label: 'phone', value: phone },
        { label: 'plate', value: '12-ab-34' },
        { label: 'work', value: work },
      ],
    });
    assert.ok(card.text.includes(work), 'the text for REST and webhook readers has the whole work');
    assert.equal(card.touchpoint, 'internal');
    assert.equal(card.isBackchannel, false);
    assert.equal(organisation.simulator.delivered().filter((m) => m.to === phone.slice(1)).length, 0, 'a form never goes to the customer');

    await organisation.stop();
    await eventually(() => !a.core.context.sync.connection().online);
    await a.core.handlers.createManualAppointment({ date: today(), contactId: details.contact!.id, plate: 'XX-99-YY', fromConversation: appt.id });
    const pending = (await a.core.handlers.getConversation({ appointmentId: appt.id })).messages.filter((m) => m.form);
    assert.deepEqual(pending.map((m) => m.status), ['internal', 'pending']);
    await organisation.restart();
    await eventually(async () => {
      const forms = (await b.core.handlers.getConversation({ appointmentId: appt.id })).messages.filter((m) => m.form);
      return forms.length === 2 && forms[1]!.form!.fields.some((f) => f.label === 'plate' && f.value === 'XX-99-YY');
    }, 15_000);
    await eventually(async () => (await a.core.handlers.getConversation({ appointmentId: appt.id })).messages.filter((m) => m.form).every((m) => m.status === 'internal'), 15_000);
  });
});
