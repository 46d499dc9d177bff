import { ApiFailure } from '../../api/envelope';
import { BackendAuthRefused, BackendRefusal, BackendUnavailable } from '../relay/backend-client';

/** The backend's answer as the renderer hears it: its code, words and their numbers, or that it cannot be reached. */
export async function asApiFailure<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof BackendRefusal) throw new ApiFailure(error.code, error.message, error.params);
    if (error instanceof BackendAuthRefused) throw new ApiFailure(error.code, error.message);
    if (error instanceof BackendUnavailable) {
      throw new ApiFailure(error.code, error.code === 'BACKEND_UNAVAILABLE' ? `The backend cannot be reached now: ${error.message}` : error.message, error.params);
    }
    throw error;
  }
}
