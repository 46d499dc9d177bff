import type { BackendAppointment } from '../../api/v2/appointment';
import { localDateAt } from '../../domain/zoned-time';
import type { AppointmentsRepo } from '../cache/appointments-repo';
import type { InboxesRepo } from '../cache/inboxes-repo';
import type { OutboxRepo } from '../cache/outbox-repo';
import type { RemoteAppointmentsRepo } from '../cache/remote-appointments-repo';

export interface AppointmentStores {
  appointments: AppointmentsRepo;
  remoteAppointments: RemoteAppointmentsRepo;
  inboxes: InboxesRepo;
  outbox: OutboxRepo;
}

/**
 * Stores the backend's appointment in the cache, from its event stream or its answer to a
 * batch: under the backend's id (a card this desktop made under its own id is re-keyed, with
 * the outbox jobs that name it), in its inbox's zone, and without overwriting a change of this
 * desktop that still waits in the outbox (a board change, or a newer state of the appointment). Run inside the caller's transaction.
 * Returns the ids the windows must refresh (the old local one too, after a re-key), and
 * whether the inbox was unknown here (the organisation should be read again).
 */
export function applyBackendAppointment(
  stores: AppointmentStores,
  a: BackendAppointment,
  defaultZone: string,
  at: number,
  now: number,
  /** The outbox job whose answer this is: it does not count as a newer state waiting to be sent. */
  answering: string | null = null,
): { ids: string[]; newInbox: boolean } {
  const { appointments, remoteAppointments, inboxes, outbox } = stores;
  const newInbox = !inboxes.exists(a.inbox);
  // Until the organisation is read again, the inbox is shown by its id.
  if (newInbox) inboxes.upsert({ id: a.inbox, name: a.inbox, kind: 'workshop' });
  const ids = [a.id];
  const localId = remoteAppointments.localIdOf(a);
  if (localId && localId !== a.id) {
    remoteAppointments.rekey(localId, a.id);
    outbox.rekeyAppointment(localId, a.id);
    ids.push(localId);
  }
  // This desktop changed the appointment since, and will send that: the backend's copy is older.
  // Its customer is the backend's all the same (the conversation hangs on it).
  if (outbox.pendingAppointmentUpsert(a.id, answering)) {
    if (a.contact) appointments.adoptContact(a.id, a.contact);
    // Still the column the backend has, which the card's next move event is told apart from.
    if (answering === null) appointments.setRemoteColumn(a.id, a.column);
    return { ids, newInbox };
  }
  const { zone } = inboxes.placeOf(a.inbox, { zone: defaultZone, country: '' });
  const take = {
    column: !outbox.pendingBoardChange(a.id, 'column'),
    colour: !outbox.pendingBoardChange(a.id, 'colour'),
    advisor: !outbox.pendingBoardChange(a.id, 'advisor'),
    // Only the event stream says where the backend has the card as of its place in the log;
    // an answer to a batch may be newer than events still to be applied.
    announced: answering === null,
  };
  appointments.storeRemote(a, zone, localDateAt(at, zone), take, now);
  return { ids, newInbox };
}
