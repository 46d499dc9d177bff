import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConversationMessage, ConversationView } from '../../src/api/conversation';
import { CursorSchema, encodeCursor, splitPage } from '../../src/api/v2/paging';
import { containsPattern } from '../../src/sqlite/like';
import { messagesOf, withOlder, withView } from '../../renderer/conversation/message-stream';

describe('cursors', () => {
  it('read back the position they were written from, at the ends of the safe range too', () => {
    for (const position of [
      { createdAt: 0, order: 1 },
      { createdAt: Date.parse('2026-11-25T08:00:00Z'), order: 4711 },
      { createdAt: Number.MAX_SAFE_INTEGER, order: Number.MAX_SAFE_INTEGER },
    ]) {
      assert.deepEqual(CursorSchema.parse(encodeCursor(position)), position);
    }
  });

  it('refuse what no answer gave out, in words', () => {
    for (const text of ['', '12', '1.2.3', 'A.1', '1.-2', ' 1.2', 'zzzzzzzzzzz.1', '1'.repeat(12) + '.1', '1.2;DROP']) {
      const parsed = CursorSchema.safeParse(text);
      assert.equal(parsed.success, false, text);
      assert.equal(parsed.error!.issues[0]!.message, 'is not a cursor from an earlier page', text);
    }
  });
});

describe('LIKE patterns', () => {
  it('take %, _ and \\ as themselves and find the text anywhere', () => {
    assert.equal(containsPattern('100%'), '%100\\%%');
    assert.equal(containsPattern('a_b'), '%a\\_b%');
    assert.equal(containsPattern('c\\d'), '%c\\\\d%');
    assert.equal(containsPattern('plain'), '%plain%');
  });
});

const message = (id: string): ConversationMessage => ({
  id,
  author: null,
  role: 'contact',
  type: 'chat',
  touchpoint: 'whatsapp',
  isBackchannel: false,
  text: id,
  template: null,
  status: 'received',
  failure: null,
  form: null,
  notice: null,
  createdAt: 0,
});
const view = (ids: string[], older: string | null) => ({ messages: ids.map(message), older }) as unknown as ConversationView;
const ids = (stream: Parameters<typeof messagesOf>[0]) => messagesOf(stream).map((m) => m.id);

describe('the pane’s hold on a customer stream', () => {
  it('holds the newest page until older pages come; then reads the newest part from where they end', () => {
    let stream = withView(null, view(['m3', 'm4'], 'c3'), null)!;
    assert.deepEqual(ids(stream), ['m3', 'm4']);
    assert.equal(stream.older, 'c3');
    stream = withView(stream, view(['m4', 'm5'], 'c4'), null)!;
    assert.equal(stream.older, 'c4', 'without older pages the newest page simply follows the conversation');
    stream = withOlder(stream, 'c4', { messages: [message('m2'), message('m3')], older: 'c2' })!;
    assert.deepEqual(ids(stream), ['m2', 'm3', 'm4', 'm5']);
    assert.equal(stream.boundary, 'c4');
    assert.equal(stream.older, 'c2');
    assert.equal(withView(stream, view(['m6', 'm7'], 'c6'), null), null, 'a newest page that would leave a gap is refused');
    stream = withView(stream, view(['m4', 'm5', 'm6', 'm7'], 'c4'), 'c4')!;
    assert.deepEqual(ids(stream), ['m2', 'm3', 'm4', 'm5', 'm6', 'm7'], 'the newcomers, nothing twice, nothing lost');
    stream = withOlder(stream, 'c2', { messages: [message('m1')], older: null })!;
    assert.deepEqual(ids(stream), ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
    assert.equal(stream.older, null, 'the start of the conversation is held');
    assert.equal(stream.boundary, 'c4', 'the boundary stays where the first older page met the newest part');
  });

  it('drops an older page that answers a cursor it no longer waits for', () => {
    const stream = withView(null, view(['m5', 'm6'], 'c5'), null)!;
    assert.equal(withOlder(stream, 'c3', { messages: [message('m2')], older: 'c2' }), null);
  });
});

describe('a page from one row more than asked', () => {
  it('keeps the page, and says where the next starts only when the extra row came', () => {
    const at = (n: number) => ({ n, createdAt: n * 10, order: n });
    const position = (r: { createdAt: number; order: number }) => ({ createdAt: r.createdAt, order: r.order });
    assert.deepEqual(splitPage([at(1), at(2), at(3)], 2, position), { page: [at(1), at(2)], next: { createdAt: 20, order: 2 } });
    assert.deepEqual(splitPage([at(1), at(2)], 2, position), { page: [at(1), at(2)], next: null });
    assert.deepEqual(splitPage([], 2, position), { page: [], next: null });
  });
});
