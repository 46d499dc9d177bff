import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiFailure } from '../../api/envelope';
import type { ErrorBody } from '../../api/v2/common';
import type { Logger } from '../../ports/logger';

const STATUS: Record<string, number> = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  WINDOW_CLOSED: 409,
  TOO_MANY_ATTEMPTS: 429,
};

function describe(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

/** Every error leaves as { error: { code, message } }; internals are logged, not answered. */
export function errorHandler(logger: Logger) {
  return (error: FastifyError | Error, _request: FastifyRequest, reply: FastifyReply) => {
    let status: number;
    let body: ErrorBody;
    if (error instanceof z.ZodError) {
      status = 400;
      body = { error: { code: 'INVALID_REQUEST', message: describe(error) } };
    } else if (error instanceof ApiFailure) {
      status = STATUS[error.code] ?? 422;
      body = { error: { code: error.code, message: error.message } };
    } else if ('statusCode' in error && error.statusCode && error.statusCode < 500) {
      status = error.statusCode;
      body = { error: { code: 'BAD_REQUEST', message: error.message } };
    } else {
      logger.error({ err: error }, 'request failed');
      status = 500;
      body = { error: { code: 'INTERNAL', message: 'Something went wrong on the server; the details are in its log.' } };
    }
    void reply.code(status).send(body);
  };
}
