import type { z } from 'zod';
import { ApiFailure, type Envelope } from '../api/envelope';
import type { SessionState } from '../api/people';
import { isShellMethodName, shellApi, type ShellApiHandlers } from '../api/shell-api';
import type { UpdateScheduler } from './update-scheduler';
import { assertMayChangeUpdateSettings, saveUpdateSettings } from './update-settings';

export type ShellDispatch = (method: unknown, params: unknown) => Promise<Envelope<unknown>>;

const INTERNAL = { code: 'INTERNAL', message: 'Something went wrong on this computer; the details are in the log.' };

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

/**
 * The ShellApi's one entry (main/shell-ipc.ts calls it once the sender frame passed): the
 * method name checked, the arguments parsed with the contract's schema, the answer checked
 * against it too, all as an envelope. A failure meant for the user keeps its code and words;
 * anything else goes to the log and is answered without internals.
 */
export function createShellDispatcher(handlers: ShellApiHandlers, logError: (error: unknown, method: string) => void): ShellDispatch {
  return async (method, params) => {
    if (!isShellMethodName(method)) {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `There is no method ${String(method)}.` } };
    }
    try {
      const spec = shellApi[method];
      const input = spec.input.safeParse(params ?? {});
      if (!input.success) return { ok: false, error: { code: 'INVALID_INPUT', message: describeIssues(input.error) } };
      const handler = handlers[method] as (input: unknown) => unknown;
      return { ok: true, value: spec.output.parse(await handler(input.data)) };
    } catch (error) {
      if (error instanceof ApiFailure) return { ok: false, error: error.toApiError() };
      logError(error, method);
      return { ok: false, error: INTERNAL };
    }
  };
}

export interface UpdateHandlerDeps {
  scheduler: Pick<UpdateScheduler, 'status' | 'checkNow' | 'installNow' | 'applySettings' | 'currentSettings'>;
  /** userData: where the settings file lives. */
  folder: string;
  /** The core's getSession: who is signed in on this desktop, and whether it is locked. */
  session(): Promise<SessionState>;
}

export function updateHandlers(deps: UpdateHandlerDeps): ShellApiHandlers {
  return {
    getUpdateStatus: () => deps.scheduler.status(),
    checkForUpdates: () => deps.scheduler.checkNow(),
    installUpdateNow: () => {
      deps.scheduler.installNow();
      return null;
    },
    getUpdateSettings: () => deps.scheduler.currentSettings(),
    setUpdateSettings: async (settings) => {
      assertMayChangeUpdateSettings(await deps.session());
      const saved = saveUpdateSettings(deps.folder, settings);
      deps.scheduler.applySettings(saved);
      return saved;
    },
  };
}
