import type { ApiError } from '../../src/api/envelope';

/** The core's refusal of a call, with its code (for words in the user's language) and its own words. */
export class ApiCallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
  }
}
