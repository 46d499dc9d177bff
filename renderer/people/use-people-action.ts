import { useI18n } from '../i18n';
import { useAction } from '../shell/use-action';
import { peopleErrorText, type Wording } from './people-errors';

/** useAction, with the refusals of sign-in and of the people settings worded in the user's language (`here`: this form's own). */
export function usePeopleAction(here: Wording = {}) {
  const words = useI18n();
  const action = useAction();
  const run = (work: () => Promise<string | null>) =>
    action.run(async () => {
      try {
        return await work();
      } catch (error) {
        throw new Error(peopleErrorText(error, words, here), { cause: error });
      }
    });
  return { ...action, run };
}
