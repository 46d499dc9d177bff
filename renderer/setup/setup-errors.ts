import type { Wording } from '../people/people-errors';

/** The backend's refusals of a manager's set-up, worded in the user's language (the rest as the people settings word them). */
export const SETUP_WORDING: Wording = {
  CHANNEL_NUMBER_TAKEN: 'setup.error.CHANNEL_NUMBER_TAKEN',
  CHANNEL_NOT_USABLE: 'setup.error.CHANNEL_NOT_USABLE',
  FIELD_NOT_OF_KIND: 'setup.error.FIELD_NOT_OF_KIND',
  NOT_FOUND: 'setup.error.NOT_FOUND',
  INVALID_REQUEST: 'setup.error.INVALID_REQUEST',
};
