import { useState } from 'react';
import type { z } from 'zod';
import { usePeopleAction } from '../people/use-people-action';
import { SETUP_WORDING } from './setup-errors';
import { setupProblems } from './setup-drafts';

/**
 * A set-up form's Save: the draft's problems show under their fields from the first Save on (not
 * while the manager is still typing), only a draft that passes its schema is sent, and what the
 * backend refuses is said in the set-up's words.
 */
export function useSetupForm<T>(parsed: z.ZodSafeParseResult<T>) {
  const [shown, setShown] = useState(false);
  const { busy, notice, setNotice, run } = usePeopleAction(SETUP_WORDING);
  const problems = setupProblems(parsed);
  const problem = (field: string) => (shown ? problems[field] : undefined);
  const save = (send: (data: T) => Promise<string | null>) => {
    setShown(true);
    if (!parsed.success) {
      // The problems under the fields say what is wrong; an earlier outcome no longer holds.
      setNotice(null);
      return;
    }
    const data = parsed.data;
    void run(() => send(data));
  };
  return { busy, notice, problem, save };
}
