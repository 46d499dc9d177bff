import type { BoardApiHandlers } from '../../api/board-api';
import type { PeopleSession } from '../auth/people-session';
import { forgetTemplate, rememberTemplate, replaceTemplates } from '../cache/templates-cache';
import type { CoreContext } from './context';

type TemplateMethods = 'createTemplate' | 'updateTemplate' | 'deleteTemplate' | 'syncTemplates';

/**
 * The Content Library: each change goes to the backend with the manager's token (it submits to
 * Meta), and what the backend answered is kept here at once, so the manager sees it before the
 * event that tells every desktop arrives.
 */
export function templateHandlers(ctx: CoreContext, session: PeopleSession): Pick<BoardApiHandlers, TemplateMethods> {
  const asPerson = session.asPerson.bind(session);
  const { syncState } = ctx;
  return {
    async createTemplate(draft) {
      const created = await asPerson((client) => client.createTemplate(draft));
      rememberTemplate(syncState, created);
      return created;
    },
    async updateTemplate({ id, change }) {
      const changed = await asPerson((client) => client.updateTemplate(id, change));
      rememberTemplate(syncState, changed);
      return changed;
    },
    async deleteTemplate({ id }) {
      await asPerson((client) => client.deleteTemplate(id));
      forgetTemplate(syncState, id);
      return null;
    },
    async syncTemplates() {
      const result = await asPerson((client) => client.syncTemplates());
      replaceTemplates(syncState, await asPerson((client) => client.templates()));
      return result;
    },
  };
}
