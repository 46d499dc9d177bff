import type { BoardApiHandlers, MethodName } from '../../api/board-api';
import { ApiFailure } from '../../api/envelope';
import { METHOD_ACCESS, type MethodAccess } from '../../api/people';
import type { DeskRefusal } from './session-rules';

const WORDS: Record<DeskRefusal, string> = {
  LOCKED: 'This desktop is locked: the person signed in unlocks it with their PIN or password, or someone else signs in.',
  NOT_SIGNED_IN: 'Nobody is signed in on this desktop: sign in to make changes.',
};

/**
 * The handlers as a shared desk takes them: before a handler runs, a locked desk refuses what
 * would be done as the locked person, and a registered device a person's change while nobody
 * is signed in (METHOD_ACCESS places every method). Every transport and the workstation call
 * these, so no way round the lock is left.
 */
export function guardedByDesk(handlers: BoardApiHandlers, desk: { refusal(access: MethodAccess): DeskRefusal | null }): BoardApiHandlers {
  const guard = <M extends MethodName>(method: M): BoardApiHandlers[M] => {
    const handler = handlers[method] as (input: unknown) => unknown;
    const access: MethodAccess = METHOD_ACCESS[method];
    if (access === 'session' || access === 'read') return handlers[method];
    return ((input: unknown) => {
      const refusal = desk.refusal(access);
      if (refusal) throw new ApiFailure(refusal, WORDS[refusal]);
      return handler(input);
    }) as BoardApiHandlers[M];
  };
  return Object.fromEntries((Object.keys(handlers) as MethodName[]).map((method) => [method, guard(method)])) as BoardApiHandlers;
}
