import { RefusalSchema, type AppointmentDetails, type Card, type Contact, type Refusal } from '../../api/appointment';
import type { Colour, ColumnId } from '../../domain/columns';

/**
 * Comments written on this card before its customer had a conversation here (a standalone
 * desktop, or offline): counted until the backend's conversation takes them in.
 */
const UNATTACHED_COMMENTS = `(SELECT count(*) FROM messages m
  WHERE m.appointment_id = a.id AND m.conversation_id IS NULL AND m.is_backchannel = 1)`;

/** The card's share of its customer's conversation: the red line and the note icon. */
const CONVERSATION_COLUMNS = `coalesce(v.waiting, 0) AS waiting,
  coalesce(v.comment_count, 0) + ${UNATTACHED_COMMENTS} AS comments, a.sync_error`;

/** The card's service advisor (a user id) and their name, when this desktop knows it. */
const ADVISOR_COLUMNS = 'a.advisor, g.name AS advisor_name';

/** Whether the card's customer opted out (STOP), as the backend last said. */
const OPT_OUT_COLUMNS = 'c.opted_out_at, c.opted_out_by';

/** An appointments row as SQLite returns it, joined with its contact's name. */
export interface AppointmentRow {
  id: string;
  source: string;
  branch: string;
  source_id: string;
  inbox_id: string;
  contact_id: string | null;
  local_date: string;
  local_time: string;
  zone: string;
  starts_at: number;
  plate: string | null;
  make: string | null;
  model: string | null;
  work: string | null;
  work_order: string | null;
  owner: string | null;
  column_id: string;
  position: number;
  colour: string;
  finished_on: string | null;
  cancelled: number;
  created_at: number;
  updated_at: number;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  waiting: number;
  comments: number;
  sync_error: string | null;
  advisor: string | null;
  advisor_name: string | null;
  opted_out_at: number | null;
  opted_out_by: string | null;
}

export const APPOINTMENT_COLUMNS = `
  a.id, a.source, a.branch, a.source_id, a.inbox_id, a.contact_id, a.local_date, a.local_time,
  a.zone, a.starts_at, a.plate, a.make, a.model, a.work, a.work_order, a.owner, a.column_id,
  a.position, a.colour, a.finished_on, a.cancelled, a.created_at, a.updated_at,
  c.name AS contact_name, c.phone AS contact_phone, c.email AS contact_email, ${CONVERSATION_COLUMNS}, ${ADVISOR_COLUMNS},
  ${OPT_OUT_COLUMNS}`;

/** Only what a card shows: the board query reads hundreds of rows many times a day. */
export const CARD_COLUMNS = `
  a.id, a.inbox_id, a.local_date, a.local_time, a.starts_at, a.plate, a.work_order, a.owner, a.column_id,
  a.position, a.colour, a.finished_on, a.cancelled, c.name AS contact_name, ${CONVERSATION_COLUMNS}, ${ADVISOR_COLUMNS},
  ${OPT_OUT_COLUMNS}`;

export type CardRow = Pick<
  AppointmentRow,
  | 'id'
  | 'inbox_id'
  | 'local_date'
  | 'local_time'
  | 'starts_at'
  | 'plate'
  | 'work_order'
  | 'owner'
  | 'column_id'
  | 'position'
  | 'colour'
  | 'finished_on'
  | 'cancelled'
  | 'contact_name'
  | 'waiting'
  | 'comments'
  | 'sync_error'
  | 'advisor'
  | 'advisor_name'
  | 'opted_out_at'
  | 'opted_out_by'
>;

export const APPOINTMENT_FROM = `appointments a LEFT JOIN contacts c ON c.id = a.contact_id
  LEFT JOIN conversations v ON v.contact_id = a.contact_id
  LEFT JOIN colleagues g ON g.id = a.advisor`;

export function rowToCard(row: CardRow): Card {
  return {
    id: row.id,
    inboxId: row.inbox_id,
    localDate: row.local_date,
    localTime: row.local_time,
    startsAt: row.starts_at,
    customerName: row.contact_name,
    plate: row.plate,
    workOrder: row.work_order,
    owner: row.owner,
    // An advisor whose name has not reached this desktop yet (their user.upsert, or the list
    // read at joining, is still to come) is not shown by a bare id: the planning system's owner
    // text stands until the name comes, and the card is shown again then.
    advisor: row.advisor !== null && row.advisor_name !== null ? { id: row.advisor, name: row.advisor_name } : null,
    column: row.column_id as ColumnId,
    colour: row.colour as Colour,
    position: row.position,
    cancelled: row.cancelled === 1,
    finishedOn: row.finished_on,
    waiting: row.waiting === 1,
    comments: row.comments,
    syncError: refusalOf(row.sync_error),
    optedOut: row.opted_out_at !== null && row.opted_out_by !== null ? { at: row.opted_out_at, by: row.opted_out_by } : null,
  };
}

export function rowToDetails(row: AppointmentRow): AppointmentDetails {
  const contact: Contact | null = row.contact_id
    ? { id: row.contact_id, name: row.contact_name, phone: row.contact_phone, email: row.contact_email }
    : null;
  return {
    ...rowToCard(row),
    source: row.source,
    branch: row.branch,
    sourceId: row.source_id,
    zone: row.zone,
    contact,
    make: row.make,
    model: row.model,
    work: row.work,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The stored refusal (JSON); a reason stored as plain words by an older version is shown as they are. */
function refusalOf(stored: string | null): Refusal | null {
  if (stored === null) return null;
  try {
    const parsed = RefusalSchema.safeParse(JSON.parse(stored));
    if (parsed.success) return parsed.data;
  } catch {
    // Plain words, from before refusals had codes.
  }
  return { code: 'refused', field: null, params: {}, message: stored };
}
