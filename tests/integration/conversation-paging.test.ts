import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConversationMessage, ConversationView, MessagePageView } from '../../src/api/conversation';
import type { DesktopCore } from '../../src/desktop/core';
import { localDateAt } from '../../src/domain/zoned-time';
import { call, eventually } from '../support/backend';
import { connectedCore, settled, startOrganisation, type Organisation } from '../support/connected';
import { DEALERSHIP, manualClock } from '../support/desktop';
import { customerWrites as writes } from '../support/whatsapp-inbound';

const MESSAGES = 1200;
const BATCH = 100;
const NAME = 'Eva de Vries';
const PHONE = '+31687650001';
const text = (n: number) => `Bericht ${String(n).padStart(4, '0')}`;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => text(from + i));

describe('a conversation of 1,200 messages, paged newest first (backend over HTTP, desktop cache)', () => {
  // Frozen between batches: a hundred messages share each millisecond, so only the cursor's
  // tie-break keeps them apart and in order. A minute back, so that the backend's times are
  // behind the desktop's clock, as they are when both clocks are right.
  const clock = manualClock(Date.now() - 60_000);
  let organisation: Organisation;
  let conversationId: string;
  let appointmentId: string;
  let core: DesktopCore;
  let sent = 0;
  const api = (path: string) => call(organisation.url, organisation.org.token, 'GET', path);

  /** The customer writes `count` more messages, in one webhook. */
  async function customerWrites(count: number) {
    const texts = Array.from({ length: count }, (_, i) => text(sent + i + 1));
    await writes(organisation.url, { phone: PHONE, name: NAME }, texts, clock.now());
    sent += count;
  }

  const newestOnDesktop = async () => (await core.handlers.getConversation({ appointmentId })).messages.map((m) => m.text);

  before(async () => {
    organisation = await startOrganisation(clock);
    const appointment = await organisation.appointment({ sourceId: 'PAGING-1', date: localDateAt(Date.now(), DEALERSHIP.zone), name: NAME, phone: PHONE });
    appointmentId = appointment.id;
    for (let i = 0; i < MESSAGES / BATCH; i++) {
      await customerWrites(BATCH);
      clock.advance(1000);
    }
    const conversation = await call(organisation.url, organisation.org.token, 'POST', '/v2/conversations', { contact: { profile: { name: NAME, telephone: PHONE } } });
    conversationId = conversation.body.id;
    ({ core } = connectedCore(organisation));
    await settled(core, 30_000);
    await eventually(async () => (await newestOnDesktop()).at(-1) === text(MESSAGES), 30_000);
  });
  after(async () => {
    core?.close();
    await organisation.close();
  });

  it('backend: every message reachable page by page, newest first, none twice; one arriving meanwhile does not shift the cursor', async () => {
    const seen: string[] = [];
    let before: string | null = null;
    let pages = 0;
    do {
      const page = await api(`/v2/conversations/${conversationId}/messages?limit=${BATCH}${before ? `&before=${before}` : ''}`);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      seen.push(...page.body.data.map((m: { text: string }) => m.text));
      before = page.body.next;
      pages += 1;
      // A new message between the third and the fourth page: it is newer than every cursor handed out.
      if (pages === 3) await customerWrites(1);
    } while (before !== null);
    assert.equal(pages, MESSAGES / BATCH, 'the last page says there is nothing older');
    assert.deepEqual(seen, range(1, MESSAGES).reverse(), 'all of them, in order, each once');
    const newest = await api(`/v2/conversations/${conversationId}/messages?limit=2`);
    assert.deepEqual(newest.body.data.map((m: { text: string }) => m.text), [text(MESSAGES + 1), text(MESSAGES)]);
    assert.equal(typeof newest.body.next, 'string');
  });

  it('backend: a cursor or a page size it did not give out is refused in words', async () => {
    for (const query of ['before=not-a-cursor', 'before=', 'before=zzzzzzzzzzzz.1', 'limit=0', 'limit=201', 'limit=ten', 'offset=50']) {
      const res = await api(`/v2/conversations/${conversationId}/messages?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(res.body.error.code, 'INVALID_REQUEST', query);
      assert.match(res.body.error.message, /before: is not a cursor from an earlier page|limit|offset/, query);
    }
    assert.equal((await api(`/v2/conversations/${conversationId}/messages?before=abc`)).body.error.message, 'before: is not a cursor from an earlier page');
  });

  /** The BoardApi as a window calls it: through the core's dispatcher, which parses the cursor. */
  async function olderOnDesktop(before: string, limit?: number): Promise<MessagePageView> {
    const answer = await core.dispatch('listOlderMessages', { appointmentId, before, limit });
    assert.ok(answer.ok, JSON.stringify(answer));
    return answer.value as MessagePageView;
  }

  it('desktop: the newest page and a cursor, every older page down to the first message, none twice; a message arriving meanwhile does not shift the cursor', async () => {
    const view = await core.handlers.getConversation({ appointmentId });
    const newestSent = sent;
    assert.deepEqual(view.messages.map((m) => m.text), range(newestSent - 49, newestSent), 'the newest fifty, oldest first');
    const pages: ConversationMessage[][] = [view.messages];
    let older = view.older;
    while (older !== null) {
      const page = await olderOnDesktop(older);
      pages.unshift(page.messages);
      older = page.older;
      if (pages.length === 4) {
        // The customer writes again while the user scrolls up: the stream grows at the newest end only.
        await customerWrites(1);
        await eventually(async () => (await newestOnDesktop()).at(-1) === text(sent));
      }
    }
    const all = pages.flat();
    assert.deepEqual(all.map((m) => m.text), range(1, newestSent), 'every message once, oldest first');
    assert.equal(new Set(all.map((m) => m.id)).size, all.length);
    assert.equal(pages[0]!.length, newestSent % 50 || 50, 'the first page holds what is left');

    // The pane, holding older pages, reads its newest part again from where those pages end:
    // the newcomer and all fifty it had, nothing between them and the older pages lost.
    const again = await core.dispatch('getConversation', { appointmentId, from: view.older });
    assert.ok(again.ok, JSON.stringify(again));
    const part = again.value as ConversationView;
    assert.deepEqual(part.messages.map((m) => m.text), range(newestSent - 49, sent));
    assert.equal(part.older, view.older);
  });

  it('desktop: a message written here and not yet sent is part of the newest page; the back channel stays apart', async () => {
    await core.handlers.sendMessage({ appointmentId, touchpoint: 'whatsapp', text: 'Uw auto is klaar.' });
    await core.handlers.addComment({ appointmentId, text: 'Klant belt terug' });
    const view = await core.handlers.getConversation({ appointmentId });
    assert.deepEqual(view.messages.map((m) => m.text), [...range(sent - 48, sent), 'Uw auto is klaar.']);
    assert.deepEqual(view.comments.map((c) => c.text), ['Klant belt terug']);
    assert.deepEqual((await olderOnDesktop(view.older!, 1)).messages.map((m) => m.text), [text(sent - 49)]);
  });

  it('desktop: a cursor that is not one is refused in words', async () => {
    for (const before of ['page 2', '', '1.2.3', 'zzzzzzzzzzzz.1']) {
      const answer = await core.dispatch('listOlderMessages', { appointmentId, before });
      assert.deepEqual(answer, { ok: false, error: { code: 'INVALID_INPUT', message: 'before: is not a cursor from an earlier page' } }, before);
    }
  });
});

describe('contacts and events: paged, never capped, LIKE wildcards searched as themselves', () => {
  let organisation: Organisation;
  const api = (path: string) => call(organisation.url, organisation.org.token, 'GET', path);
  before(async () => {
    organisation = await startOrganisation();
  });
  after(() => organisation.close());

  async function contact(name: string, telephone: string) {
    const res = await call(organisation.url, organisation.org.token, 'POST', '/v2/conversations', { contact: { profile: { name, telephone } } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }

  it('a search for %, _ or \\ finds those characters, not everything', async () => {
    await contact('Garage 100% Service', '+31687650101');
    await contact('Garage 1000 Service', '+31687650102');
    await contact('Jan_Bakker', '+31687650103');
    await contact('JanXBakker', '+31687650104');
    await contact('Piet\\Smit', '+31687650105');
    await contact('Piet Smit', '+31687650106');
    const names = async (query: string) => (await api(`/v2/contacts?${query}`)).body.data.map((c: { profile: { name: string } }) => c.profile.name);
    assert.deepEqual(await names(`q=${encodeURIComponent('100%')}`), ['Garage 100% Service']);
    assert.deepEqual(await names(`q=${encodeURIComponent('n_b')}`), ['Jan_Bakker']);
    assert.deepEqual(await names(`q=${encodeURIComponent('t\\s')}`), ['Piet\\Smit']);
    assert.deepEqual(await names(`profile.name=${encodeURIComponent('%')}`), ['Garage 100% Service']);
    assert.deepEqual(await names(`profile.name=${encodeURIComponent('_')}`), ['Jan_Bakker']);
    assert.deepEqual(await names('q=jan'), ['Jan_Bakker', 'JanXBakker'], 'and still without regard to case');
  });

  it('contacts page by page, oldest first, each once, whatever is added meanwhile', async () => {
    for (let i = 0; i < 23; i++) await contact(`Klant ${i}`, `+316876502${String(i).padStart(2, '0')}`);
    const everyone: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res = await api(`/v2/contacts?limit=5${after ? `&after=${after}` : ''}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.ok(res.body.data.length <= 5);
      everyone.push(...res.body.data.map((c: { id: string }) => c.id));
      after = res.body.next;
      if (++pages === 2) await contact('Laatkomer', '+31687650299');
    } while (after !== null);
    assert.equal(everyone.length, 6 + 23 + 1, 'all of them, the late one at the end');
    assert.equal(new Set(everyone).size, everyone.length);
    assert.equal((await api('/v2/contacts?after=x.y.z')).body.error.message, 'after: is not a cursor from an earlier page');
  });

  it('events page by page from since, each once and in order; the last page says so', async () => {
    const seqs: number[] = [];
    let since: number | null = 0;
    while (since !== null) {
      const res = await api(`/v2/events?since=${since}&limit=7`);
      assert.ok(res.body.data.length <= 7);
      seqs.push(...res.body.data.map((e: { seq: number }) => e.seq));
      since = res.body.next;
    }
    assert.ok(seqs.length > 30);
    assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1), 'gapless, from the first');
    const all = await api('/v2/events?since=0&limit=1000');
    assert.equal(all.body.next, null);
    assert.equal(all.body.data.length, seqs.length);
    const exact = await api(`/v2/events?since=0&limit=${seqs.length}`);
    assert.equal(exact.body.next, null, 'a page that ends exactly at the end has no next');
  });
});
