import type { BoardApiHandlers } from '../../api/board-api';
import type { WallBoard } from '../../api/wall';
import { wallCard } from '../../domain/wall-card';
import { chooseWallInboxes } from '../../domain/wall-inboxes';
import type { CoreContext } from './context';
import { today, workshopZone } from './board-handlers';

/**
 * The wall screen's board. It reads the day's cards of the wall's inboxes (never a person's
 * filters: nobody signs in on a wall) and hands out only what a wall shows, with the names
 * masked here, so a wall set up for initials never receives a full name.
 */
export function wallHandlers(ctx: CoreContext): Pick<BoardApiHandlers, 'getWall'> {
  return {
    getWall(settings) {
      const day = today(ctx);
      const every = ctx.inboxes.all();
      // By id or by name; a name two inboxes share shows neither, and the wall names it with the unknown ones.
      const choice = chooseWallInboxes(settings.inboxIds, every);
      const inboxes = choice.inboxes.map(({ id, name }) => ({ id, name }));
      const unknownInboxes = [...choice.unknown, ...choice.ambiguous.map((a) => a.name)];
      const cards = ctx.appointments.boardCards(day, inboxes.map((inbox) => inbox.id)).map((card) => wallCard(card, day, settings.names));
      const connection = ctx.sync.connection();
      // Connected and online, the cache follows the backend's stream: its data is as fresh as now.
      // Offline, it is as fresh as the moment the backend was lost. Standalone, the last change here.
      const updatedAt: number | null =
        connection.mode === 'standalone' ? ctx.appointments.lastChangeAt() : connection.online ? ctx.clock.now() : connection.offlineSince;
      const board: WallBoard = {
        day,
        zone: workshopZone(ctx),
        inboxes,
        unknownInboxes,
        cards,
        updatedAt,
        connection: { mode: connection.mode, online: connection.online, offlineSince: connection.offlineSince },
        settings: { names: settings.names, rotateSeconds: settings.rotateSeconds, locale: settings.locale },
      };
      return board;
    },
  };
}
