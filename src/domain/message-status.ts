export const MESSAGE_STATUSES = ['queued', 'accepted', 'sent', 'delivered', 'read', 'failed', 'received', 'internal'] as const;
/** queued → accepted → sent → delivered → read, or failed; `received` for inbound, `internal` for notes. */
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

const RANK: Partial<Record<MessageStatus, number>> = { queued: 0, accepted: 1, sent: 2, delivered: 3, read: 4 };

/**
 * The status after a report arrives. Reports come late, twice and out of order, so a status
 * never goes backwards: read stays read when a late "delivered" arrives. A failure counts
 * only for a message that has not been delivered; a failed message stays failed.
 */
export function nextStatus(current: MessageStatus, reported: MessageStatus): MessageStatus {
  if (current === 'failed') return current;
  const from = RANK[current];
  if (from === undefined) return current;
  if (reported === 'failed') return from < RANK.delivered! ? 'failed' : current;
  const to = RANK[reported];
  return to !== undefined && to > from ? reported : current;
}
