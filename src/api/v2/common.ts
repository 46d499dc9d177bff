import { z } from 'zod';
import { ApiErrorSchema } from '../envelope';

/** Error bodies of the backend's REST API: a machine-readable code, a sentence for a person and the numbers in it. */
export const ErrorBodySchema = z.object({ error: ApiErrorSchema });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export const IdParamSchema = z.object({ id: z.string().min(1).max(100) });

/** The Idempotency-Key header: a repeated request with the same key is answered, not applied again. */
export const IdempotencyKeySchema = z.string().min(8).max(200).optional();
