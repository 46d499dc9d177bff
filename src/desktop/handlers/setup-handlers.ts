import type { BoardApiHandlers } from '../../api/board-api';
import type { setupApi } from '../../api/setup';
import type { PeopleSession } from '../auth/people-session';

/**
 * A manager's Settings → Channels and Settings → Organisation and inboxes. Every call goes to the
 * backend with the signed-in manager's token (the backend refuses anyone else, in words); the
 * cache follows the backend's organization.update and inbox.upsert events, on this desktop as on
 * every other, so nothing is written here.
 */
export function setupHandlers(session: PeopleSession): Pick<BoardApiHandlers, keyof typeof setupApi> {
  const asPerson = session.asPerson.bind(session);
  return {
    listChannels: () => asPerson((client) => client.listChannels()),
    createChannel: (input) => asPerson((client) => client.createChannel(input)),
    updateChannel: ({ id, patch }) => asPerson((client) => client.updateChannel(id, patch)),
    removeChannel: ({ id }) => asPerson((client) => client.removeChannel(id)).then(() => null),
    testChannel: ({ id }) => asPerson((client) => client.testChannel(id)),
    getOrganizationSetup: () => asPerson((client) => client.organization()),
    updateOrganization: ({ name }) => asPerson((client) => client.updateOrganization(name)),
    createInbox: (settings) => asPerson((client) => client.createInbox(settings)),
    updateInbox: ({ id, patch }) => asPerson((client) => client.updateInbox(id, patch)),
  };
}
