import type { BoardApiHandlers } from '../../api/board-api';
import type { PeopleSession } from '../auth/people-session';

type ReminderMethods = 'getReminderSettings' | 'saveReminderSettings' | 'previewReminders' | 'getReminderState' | 'sendReminderNow';

/**
 * The reminder bot's settings, preview and each appointment's reminder: the bot runs on the
 * backend, so each request goes there with the signed-in person's token. Without a backend the
 * session refuses it in words (this desktop is not joined, or the backend is away); nothing is
 * kept here to send later, since a reminder sent late is worse than one refused now.
 */
export function reminderHandlers(session: PeopleSession): Pick<BoardApiHandlers, ReminderMethods> {
  const asPerson = session.asPerson.bind(session);
  return {
    getReminderSettings: ({ inbox }) => asPerson((client) => client.reminderSettings(inbox)),
    saveReminderSettings: ({ inbox, settings }) => asPerson((client) => client.saveReminderSettings(inbox, settings)),
    previewReminders: ({ inbox, date }) => asPerson((client) => client.previewReminders(inbox, date)),
    getReminderState: ({ appointment }) => asPerson((client) => client.reminderState(appointment)),
    sendReminderNow: ({ appointment }) => asPerson((client) => client.sendReminderNow(appointment)),
  };
}
