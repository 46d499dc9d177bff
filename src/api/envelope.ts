import { z } from 'zod';

/** Every answer across a boundary: a value, or an error a person can read. */
export const ApiErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  /**
   * The numbers and names in the message ("3 tries left", "try again in 42 s"), so that the
   * renderer can word the refusal in the user's language without losing them.
   */
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;
export type ApiErrorParams = NonNullable<ApiError['params']>;

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** An error that carries a stable, machine-readable code to the caller. */
export class ApiFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** What the message says in numbers or names, for words in another language. */
    readonly params?: ApiErrorParams,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }

  /** The error as it crosses a boundary: its params only when it has them. */
  toApiError(): ApiError {
    return this.params ? { code: this.code, message: this.message, params: this.params } : { code: this.code, message: this.message };
  }
}
