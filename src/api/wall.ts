import { z } from 'zod';
import { COLOURS, COLUMNS } from '../domain/columns';
import { IdSchema, IsoDateSchema, WallTimeSchema } from './appointment';

/**
 * The wall screen's contract: what a wall device shows, and all it may ask. A wall hangs in
 * the workshop where customers walk past, so it carries no message content, no contact
 * details, and customers' names only as initials unless the wall was set up for full names.
 */

export const WALL_NAMES = ['initials', 'full'] as const;
export const WALL_ROTATE_MIN_SECONDS = 5;
export const WALL_ROTATE_MAX_SECONDS = 600;
/** A wall shows its inboxes one after another: past 50, one inbox would come round again after hours. */
export const WALL_MAX_INBOXES = 50;

/**
 * A wall device's own settings, given by whoever sets the device up (the command line or the
 * environment). Every field has its default, so `{}` is a wall with initials, every inbox,
 * 20 seconds per inbox and the browser's language.
 */
export const WallSettingsSchema = z.object({
  names: z.enum(WALL_NAMES, { error: 'names must be "initials" or "full"' }).default('initials'),
  rotateSeconds: z
    .number({ error: 'the rotation must be a number of seconds' })
    .int('the rotation must be a whole number of seconds')
    .min(WALL_ROTATE_MIN_SECONDS, `the rotation must be at least ${WALL_ROTATE_MIN_SECONDS} seconds: faster, nobody can read an inbox`)
    .max(WALL_ROTATE_MAX_SECONDS, `the rotation must be at most ${WALL_ROTATE_MAX_SECONDS} seconds (10 minutes)`)
    .default(20),
  /** The inboxes to show in turn, in this order, by id or by name; null: every inbox of the organisation. */
  inboxIds: z
    .array(z.string().min(1).max(100, 'an inbox’s id or name has at most 100 characters'))
    .min(1, 'name at least one inbox, or leave the inboxes out for all of them')
    .max(WALL_MAX_INBOXES, `a wall rotates at most ${WALL_MAX_INBOXES}`)
    .nullable()
    .default(null),
  /** null: the browser's language. */
  locale: z.enum(['en', 'nl'], { error: 'the language must be "en" or "nl"' }).nullable().default(null),
});
export type WallSettings = z.output<typeof WallSettingsSchema>;

export const WallCardSchema = z.object({
  id: IdSchema,
  inboxId: IdSchema,
  column: z.enum(COLUMNS),
  position: z.number(),
  time: WallTimeSchema,
  /** Initials ("J.v.d.B.") unless the wall shows full names; null: the card has no name. */
  name: z.string().nullable(),
  plate: z.string().nullable(),
  workOrder: z.string().nullable(),
  colour: z.enum(COLOURS),
  /** The customer wrote and nobody has opened the conversation since: the red line. */
  waiting: z.boolean(),
  /** The appointment's date when it is held over from an earlier day. */
  heldOverFrom: IsoDateSchema.nullable(),
  cancelled: z.boolean(),
  /** The advisor's initials ("SV"). */
  advisor: z.string().nullable(),
});
export type WallCard = z.infer<typeof WallCardSchema>;

export const WallBoardSchema = z.object({
  day: IsoDateSchema,
  zone: z.string(),
  /** The inboxes the wall shows in turn, in order, with their names (an inbox named in the settings that does not exist is left out and named in `unknownInboxes`). */
  inboxes: z.array(z.object({ id: IdSchema, name: z.string() })),
  /** Inboxes the wall's settings name that this organisation does not have: the wall says so instead of showing nothing. */
  unknownInboxes: z.array(z.string()),
  cards: z.array(WallCardSchema),
  /** When the core last had fresh data from the backend (while online: now), or a standalone desktop's last change; null: no change yet. */
  updatedAt: z.number().nullable(),
  /** The core's link to the backend: standalone never shows an offline mark. */
  connection: z.object({ mode: z.enum(['standalone', 'connected']), online: z.boolean(), offlineSince: z.number().nullable() }),
  /** The settings this answer was made with (the host's own for a wall page: a page cannot ask for more). */
  settings: z.object({ names: z.enum(WALL_NAMES), rotateSeconds: z.number().int(), locale: z.enum(['en', 'nl']).nullable() }),
});
export type WallBoard = z.infer<typeof WallBoardSchema>;

/** All a wall page may call: the wall board. Anything else a wall's connection asks is refused by the host. */
export const WALL_METHODS = ['getWall'] as const;

export function isWallMethod(method: unknown): method is (typeof WALL_METHODS)[number] {
  return (WALL_METHODS as readonly unknown[]).includes(method);
}

/** The core's events after which a wall reads its board again; the wall hears only their type, never their content. */
export const WALL_EVENT_TYPES = ['appointments.changed', 'conversation.changed', 'connection.changed', 'board.dayChanged', 'settings.changed'] as const;
export const WallEventSchema = z.object({ type: z.enum(WALL_EVENT_TYPES) });
export type WallEvent = z.infer<typeof WallEventSchema>;

/** The event a wall hears for a core event: its type alone, or nothing (a message received, a session change). */
export function wallEventOf(event: { type: string }): WallEvent | null {
  const parsed = WallEventSchema.safeParse({ type: event.type });
  return parsed.success ? parsed.data : null;
}

/**
 * The settings in the kiosk window's address (?names=&rotate=&inboxes=&language=, written by
 * src/shell/wall-window.ts), checked with the same schema as the command line.
 */
export function wallSettingsFromQuery(query: { get(name: string): string | null }): WallSettings {
  const input: Record<string, unknown> = {};
  const names = query.get('names');
  const rotate = query.get('rotate');
  const inboxes = query.get('inboxes');
  const language = query.get('language');
  if (names !== null) input.names = names;
  if (rotate !== null) input.rotateSeconds = Number(rotate);
  if (inboxes !== null) input.inboxIds = inboxes.split(',').filter((id) => id !== '');
  if (language !== null) input.locale = language;
  return WallSettingsSchema.parse(input);
}
