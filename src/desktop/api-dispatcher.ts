import { z } from 'zod';
import { boardApi, isMethodName, type BoardApiHandlers } from '../api/board-api';
import { ApiFailure, type Envelope } from '../api/envelope';
import type { Logger } from '../ports/logger';

export type Dispatch = (method: unknown, params: unknown) => Promise<Envelope<unknown>>;

/** What a caller hears of a failure that is not theirs to act on; the details go to the log. */
export const INTERNAL = { code: 'INTERNAL', message: 'Something went wrong on this computer; the details are in the log.' };

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/**
 * The one entry to the core for every transport: checks the method name, parses the
 * arguments with the contract's schema, runs the handler and answers an envelope. Errors
 * the user can act on keep their code and message; anything else is logged and answered
 * without internals.
 */
export function createDispatcher(handlers: BoardApiHandlers, logger: Logger): Dispatch {
  return async (method, params) => {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `There is no method ${String(method)}.` } };
    }
    try {
      // Inside the try: a hostile input (nested beyond the stack) fails the call, not the core.
      const spec = boardApi[method];
      const input = spec.input.safeParse(params ?? {});
      if (!input.success) {
        return { ok: false, error: { code: 'INVALID_INPUT', message: describeIssues(input.error) } };
      }
      const handler = handlers[method] as (input: unknown) => unknown;
      const value = spec.output.parse(await handler(input.data));
      return { ok: true, value };
    } catch (error) {
      if (error instanceof ApiFailure) return { ok: false, error: error.toApiError() };
      try {
        logger.error({ err: error, method }, 'BoardApi call failed');
      } catch {
        // An error the logger cannot write (too large to serialise) must not take the core down with it.
      }
      return { ok: false, error: INTERNAL };
    }
  };
}
