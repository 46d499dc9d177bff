import type { BoardApiHandlers } from '../../api/board-api';
import { ApiFailure } from '../../api/envelope';
import type { CardHistoryEntry } from '../../api/people';
import type { Author } from '../../api/v2/auth';
import { queuedLines, type CardChange } from '../../domain/card-people';
import { PAYLOADS } from '../relay/outbox-commands';
import type { CoreContext } from './context';
import { localChange } from './local-change';
import { queueForBackend } from './outbox-writes';

/** Who makes a change at this desktop now: the signed-in person; null: nobody signs in here. */
export function signedInAuthor(ctx: CoreContext): Author | null {
  const user = ctx.people.signedIn();
  return user && { id: user.id, name: user.name, kind: 'user' };
}

const notFound = (id: string) => new ApiFailure('NOT_FOUND', `Appointment ${id} does not exist (any more).`);

/** The card's service advisor, its history, and the organisation's people to choose from. */
export function cardPeopleHandlers(ctx: CoreContext): Pick<BoardApiHandlers, 'listColleagues' | 'setAdvisor' | 'getCardHistory'> {
  /** A person named in a line: as the organisation names them; the signed-in person as they signed in; else by id. */
  const nameOf = (id: string) => ctx.colleagues.nameOf(id) ?? (ctx.people.signedIn()?.id === id ? ctx.people.signedIn()!.name : id);

  const named = (change: CardChange): CardHistoryEntry['change'] =>
    change.kind === 'advisor' ? { kind: 'advisor', advisor: change.advisor === null ? null : { id: change.advisor, name: nameOf(change.advisor) } } : change;

  /** Changes made here that wait to be sent, newest first, as lines marked waiting. */
  const waitingLines = (appointmentId: string): CardHistoryEntry[] => {
    const queued = ctx.cardHistory.waiting(appointmentId).map((w) => ({ ...w, ...PAYLOADS.board.parse(w.payload) }));
    // A card the backend has not placed yet starts in New there.
    const lines = queuedLines(ctx.appointments.remoteColumnOf(appointmentId) ?? 'new', queued).map(({ from, change }) => ({
      at: from.createdAt,
      by: from.author && { id: from.author.id, name: from.author.name ?? nameOf(from.author.id), kind: 'user' as const },
      change: named(change),
      pending: true,
    }));
    return lines.reverse();
  };

  return {
    listColleagues() {
      return ctx.colleagues.active();
    },

    setAdvisor({ appointmentId, userId }) {
      if (!ctx.appointments.card(appointmentId)) throw notFound(appointmentId);
      // Refused here as the backend would refuse it (the same codes), before anything is queued.
      if (userId !== null && !ctx.colleagues.activeOne(userId)) {
        if (ctx.colleagues.nameOf(userId) !== undefined) {
          throw new ApiFailure('ADVISOR_REMOVED', `${ctx.colleagues.nameOf(userId)} was removed from the organisation and can no longer be a card's advisor: choose someone who works there now.`);
        }
        throw new ApiFailure('ADVISOR_UNKNOWN', `There is no colleague "${userId}" in the organisation: a card's advisor is one of its people.`);
      }
      localChange(
        ctx,
        () => {
          ctx.appointments.setAdvisor(appointmentId, userId, ctx.clock.now());
          ctx.appointments.setSyncError(appointmentId, null);
          queueForBackend(ctx, 'board', appointmentId, { appointmentId, advisor: userId });
        },
        () => [{ type: 'appointments.changed', ids: [appointmentId] }],
      );
      return null;
    },

    getCardHistory({ appointmentId }) {
      if (!ctx.appointments.card(appointmentId)) throw notFound(appointmentId);
      return [...waitingLines(appointmentId), ...ctx.cardHistory.lines(appointmentId)];
    },
  };
}
