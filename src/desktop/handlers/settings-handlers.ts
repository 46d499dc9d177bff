import { z } from 'zod';
import type { BoardApiHandlers } from '../../api/board-api';
import { ORGANISATION_KEY } from '../relay/relay';
import type { CoreContext } from './context';

export const INBOX_FILTER = 'inboxFilter';
const LOCALE = 'locale';
const InboxFilterSchema = z.array(z.string()).nullable();
const LocaleSchema = z.enum(['en', 'nl']);

/** The inboxes this user chose to see; null means all. */
export function inboxFilterOf(ctx: CoreContext): string[] | null {
  return ctx.preferences.get(ctx.userId, INBOX_FILTER, InboxFilterSchema) ?? null;
}

export function settingsHandlers(
  ctx: CoreContext,
): Pick<BoardApiHandlers, 'getSettings' | 'setLocale' | 'setInboxFilter' | 'listInboxes'> {
  return {
    getSettings() {
      return {
        userId: ctx.userId,
        organisationName: ctx.syncState.get(ORGANISATION_KEY, z.string()) ?? ctx.dealership.organisationName,
        // The organisation's, as its backend tells them; the environment's only standalone.
        ...ctx.inboxes.organisationPlace(ctx.dealership),
        locale: ctx.preferences.get(ctx.userId, LOCALE, LocaleSchema) ?? null,
        inboxFilter: inboxFilterOf(ctx),
        dataFile: ctx.dataFile,
      };
    },

    setLocale({ locale }) {
      ctx.preferences.set(ctx.userId, LOCALE, locale);
      ctx.emit({ type: 'settings.changed' });
      return null;
    },

    setInboxFilter({ inboxIds }) {
      const known = new Set(ctx.inboxes.all().map((i) => i.id));
      const kept = inboxIds ? inboxIds.filter((id) => known.has(id)) : null;
      ctx.preferences.set(ctx.userId, INBOX_FILTER, kept);
      ctx.emit({ type: 'settings.changed' });
      return null;
    },

    listInboxes() {
      return ctx.inboxes.all();
    },
  };
}
