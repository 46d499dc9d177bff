import type { Database } from 'better-sqlite3';

/**
 * The conversation pane reads the customer stream a page at a time, newest first, and the back
 * channel whole: each is one range of this index (conversation, stream, then time, and the
 * rowid every index ends with), however many messages the conversation has. It replaces the
 * index by conversation and time, which made both read every message of the conversation to
 * pick out one stream.
 */
export function up(db: Database): void {
  db.exec(`
    DROP INDEX messages_by_conversation;
    CREATE INDEX messages_by_stream ON messages (conversation_id, is_backchannel, created_at);
  `);
}
