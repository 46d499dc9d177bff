import { z } from 'zod';
import { ApiErrorSchema } from './envelope';

/** Frames on the headless host's WebSocket: requests from the page, answers and events back. */
export const WsRequestSchema = z.object({
  id: z.number().int().nonnegative(),
  method: z.string().max(100),
  params: z.unknown(),
});

export const WsServerFrameSchema = z.union([
  z.object({ kind: z.literal('result'), id: z.number().int(), ok: z.literal(true), value: z.unknown() }),
  z.object({ kind: z.literal('result'), id: z.number().int(), ok: z.literal(false), error: ApiErrorSchema }),
  z.object({ kind: z.literal('event'), event: z.unknown() }),
]);
export type WsServerFrame = z.infer<typeof WsServerFrameSchema>;
