import { z } from 'zod';

/**
 * The ShellApi: what the renderer asks of the Electron shell itself (updates), as against
 * the BoardApi, which the desktop core answers. Only Electron has a shell: in a browser on the
 * headless host there is no bridge for it and the renderer shows none of it. Validated with
 * these schemas on both sides of its own IPC channel (src/api/bridge).
 */

/** stable: releases only; beta: pre-releases too (electron-updater's allowPrerelease and the beta feed). */
export const UpdateChannelSchema = z.enum(['stable', 'beta']);
export type UpdateChannel = z.infer<typeof UpdateChannelSchema>;

/** "19:00": a time on the dealership's wall clock, in its zone. */
export const InstallTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM, 00:00 to 23:59');

/**
 * Where the updates come from, when IT names it at run time (AFTERSALES_UPDATE_URL) instead of the
 * installer's app-update.yml. An update is code that every workstation runs, and the builds are
 * verified by the feed's sha512 alone where they carry no signature: https only, and no user or
 * password in the address, which would end up in logs and windows.
 */
export const FeedUrlSchema = z
  .string()
  .trim()
  .max(2048, 'must be at most 2048 characters')
  .url('is not an address')
  .refine((value) => /^https:\/\//i.test(value), 'must start with https://')
  // The part before the host holds no "@": a user name or password would come before one (an "@" later, in the path or query, is fine).
  .refine((value) => !/^https:\/\//i.test(value) || /^https:\/\/[^/?#@\\]*(?:[/?#\\]|$)/i.test(value), 'must not hold a user name or password');

/**
 * What a manager chooses for this workstation. The feed is not among them: it is IT's alone (the
 * installer's app-update.yml, or AFTERSALES_UPDATE_URL), so that nobody in the dealership can
 * point the app at a server whose code it would install.
 */
export const UpdateSettingsSchema = z.object({
  channel: UpdateChannelSchema,
  /** Null: the update installs when the app quits, or when someone chooses "Restart now". */
  installTime: InstallTimeSchema.nullable(),
});
export type UpdateSettings = z.infer<typeof UpdateSettingsSchema>;

export const DEFAULT_UPDATE_SETTINGS: UpdateSettings = { channel: 'stable', installTime: null };

/** Why an update failed, as a code the renderer words in the user's language, with the updater's own words kept. */
export const UpdateFailureSchema = z.object({
  code: z.enum(['offline', 'feed', 'download', 'integrity', 'install', 'feedRefused', 'other']),
  message: z.string(),
});
export type UpdateFailure = z.infer<typeof UpdateFailureSchema>;

const common = {
  /** The version running now: it keeps running whatever happens to an update. */
  currentVersion: z.string(),
  channel: UpdateChannelSchema,
};

export const UpdateStatusSchema = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('idle'),
    ...common,
    lastCheckedAt: z.number().nullable(),
    /**
     * The feed has a newer version that is being rolled out to a share of the workstations
     * (latest.yml's stagingPercentage) and this one is not among them yet.
     */
    heldBack: z.object({ version: z.string(), percentage: z.number() }).nullable(),
  }),
  z.object({ state: z.literal('checking'), ...common }),
  z.object({ state: z.literal('downloading'), ...common, version: z.string(), percent: z.number().min(0).max(100) }),
  z.object({
    state: z.literal('ready'),
    ...common,
    version: z.string(),
    /** The manager's install time ("19:00") if one is set; the update also installs on quit. */
    installTime: InstallTimeSchema.nullable(),
  }),
  /** Updates are off until IT corrects what it set (a refused AFTERSALES_UPDATE_URL): no check is tried. */
  z.object({ state: z.literal('stopped'), ...common, failure: UpdateFailureSchema }),
  z.object({
    state: z.literal('failed'),
    ...common,
    failure: UpdateFailureSchema,
    /** When the next try is due (an instant, ms). */
    retryAt: z.number(),
  }),
]);
export type UpdateStatus = z.infer<typeof UpdateStatusSchema>;

const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

export const shellApi = {
  getUpdateStatus: method(z.object({}), UpdateStatusSchema),
  /** Looks for an update now (the "Check now" button); answers the status it leads to. */
  checkForUpdates: method(z.object({}), UpdateStatusSchema),
  /** The user's consent: quit and install the downloaded update now. */
  installUpdateNow: method(z.object({}), z.null()),
  /** The channel and install time: anyone may see them (no address is among them). */
  getUpdateSettings: method(z.object({}), UpdateSettingsSchema),
  /** A manager's choice (channel, install time); refused for anyone else. */
  // Strict: a feed address (or anything else) asked for is refused in words, not dropped unsaid.
  setUpdateSettings: method(UpdateSettingsSchema.strict(), UpdateSettingsSchema),
} as const;

export type ShellApiSpec = typeof shellApi;
export type ShellMethodName = keyof ShellApiSpec;
export type ShellMethodInput<M extends ShellMethodName> = z.input<ShellApiSpec[M]['input']>;
export type ShellMethodOutput<M extends ShellMethodName> = z.output<ShellApiSpec[M]['output']>;

export function isShellMethodName(name: unknown): name is ShellMethodName {
  return typeof name === 'string' && Object.hasOwn(shellApi, name);
}

/** Pushed from the shell to every window. */
export const ShellEventSchema = z.discriminatedUnion('type', [z.object({ type: z.literal('shell.update'), status: UpdateStatusSchema })]);
export type ShellEvent = z.infer<typeof ShellEventSchema>;

export type ShellApiHandlers = {
  [M in ShellMethodName]: (input: z.output<ShellApiSpec[M]['input']>) => ShellMethodOutput<M> | Promise<ShellMethodOutput<M>>;
};

export type ShellApiClient = {
  [M in ShellMethodName]: (input: ShellMethodInput<M>) => Promise<ShellMethodOutput<M>>;
};
