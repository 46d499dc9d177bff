import { z } from 'zod';
import type { BoardApiHandlers } from '../../api/board-api';
import { UserSettingsSchema, type UserSettings } from '../../api/v2/users';
import type { Person } from '../../domain/card-people';
import { ORGANISATION_KEY } from '../relay/relay';
import { inboxFilterAtSignIn } from '../auth/session-rules';
import type { CoreContext } from './context';

export const INBOX_FILTER = 'inboxFilter';
const LOCALE = 'locale';
const MINE = 'mine';
const { locale: LocaleSchema, inboxFilter: InboxFilterSchema, mine: MineSchema } = UserSettingsSchema.shape;

/** A person's view choices as this desktop keeps them (preferences under their user id). */
export function userSettingsOf(ctx: CoreContext, userId: string): UserSettings {
  return {
    locale: ctx.preferences.get(userId, LOCALE, LocaleSchema) ?? null,
    inboxFilter: ctx.preferences.get(userId, INBOX_FILTER, InboxFilterSchema) ?? null,
    mine: ctx.preferences.get(userId, MINE, MineSchema) ?? false,
  };
}

/**
 * Keeps a person's view choices here, as the backend gave them at sign-in (they follow the
 * person from desktop to desktop); the windows read them again. Someone who saved none yet
 * sees `userInboxes`, the organisation's inboxes they work in (inboxFilterAtSignIn).
 */
export function storeUserSettings(ctx: CoreContext, userId: string, settings: UserSettings, userInboxes: readonly string[]): void {
  ctx.transaction(() => {
    ctx.preferences.set(userId, LOCALE, settings.locale);
    ctx.preferences.set(userId, INBOX_FILTER, inboxFilterAtSignIn(settings, userInboxes));
    ctx.preferences.set(userId, MINE, settings.mine);
  });
  ctx.emit({ type: 'settings.changed' });
}

/** One view choice of the person at this desktop, kept here and on the backend for their other desktops. */
function choose(ctx: CoreContext, key: string, value: unknown): null {
  const userId = ctx.people.preferencesUser();
  ctx.preferences.set(userId, key, value);
  ctx.people.shareSettings(userSettingsOf(ctx, userId));
  ctx.emit({ type: 'settings.changed' });
  return null;
}

/** The inboxes this user chose to see; null means all. */
export function inboxFilterOf(ctx: CoreContext): string[] | null {
  return ctx.preferences.get(ctx.people.preferencesUser(), INBOX_FILTER, InboxFilterSchema) ?? null;
}

/**
 * The person whose cards the board shows alone ("Mine"); null: every card. Nobody signed in
 * (a standalone desktop, a wall) has no cards of their own, so the filter does not apply.
 */
export function mineOf(ctx: CoreContext): Person | null {
  const user = ctx.people.signedIn();
  if (!user || !(ctx.preferences.get(ctx.people.preferencesUser(), MINE, MineSchema) ?? false)) return null;
  return { id: user.id, name: user.name };
}

export function settingsHandlers(
  ctx: CoreContext,
): Pick<BoardApiHandlers, 'getSettings' | 'setLocale' | 'setInboxFilter' | 'setMine' | 'listInboxes'> {
  return {
    getSettings() {
      const userId = ctx.people.preferencesUser();
      return {
        userId,
        organisationName: ctx.syncState.get(ORGANISATION_KEY, z.string()) ?? ctx.dealership.organisationName,
        // The organisation's, as its backend tells them; the environment's only standalone.
        ...ctx.inboxes.organisationPlace(ctx.dealership),
        ...userSettingsOf(ctx, userId),
        dataFile: ctx.dataFile,
      };
    },

    setLocale({ locale }) {
      return choose(ctx, LOCALE, locale);
    },

    setInboxFilter({ inboxIds }) {
      const known = new Set(ctx.inboxes.all().map((i) => i.id));
      return choose(ctx, INBOX_FILTER, inboxIds ? inboxIds.filter((id) => known.has(id)) : null);
    },

    setMine({ mine }) {
      return choose(ctx, MINE, mine);
    },

    listInboxes() {
      return ctx.inboxes.all();
    },
  };
}
