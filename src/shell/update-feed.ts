import { FeedUrlSchema } from '../api/shell-api';

/** The environment variable through which IT names the update feed at run time, in place of the installer's. */
export const UPDATE_FEED_VARIABLE = 'AFTERSALES_UPDATE_URL';

export type UpdateFeed = { feedUrl: string | null; refused: null } | { feedUrl: null; refused: string };

/**
 * Where this workstation's updates come from: the installer's app-update.yml (written by
 * electron-builder from the build's publish settings), or the address IT sets in
 * AFTERSALES_UPDATE_URL. Nobody can set it from inside the app: an update is code the app runs.
 * An address that is not https, or holds a user name or password, is refused in words, and the
 * words never repeat the address (its password would reach the log and the status).
 */
export function updateFeedFrom(env: Readonly<Record<string, string | undefined>>): UpdateFeed {
  const raw = env[UPDATE_FEED_VARIABLE];
  if (raw === undefined || raw.trim() === '') return { feedUrl: null, refused: null };
  const parsed = FeedUrlSchema.safeParse(raw);
  if (parsed.success) return { feedUrl: parsed.data, refused: null };
  const why = parsed.error.issues.map((issue) => issue.message).join('; ');
  return {
    feedUrl: null,
    refused: `${UPDATE_FEED_VARIABLE} is refused (${why}): this workstation does not update until IT corrects it or removes it.`,
  };
}
