import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { z } from 'zod';
import { ApiFailure } from '../../api/envelope';
import type { ErrorBody } from '../../api/v2/common';
import type { Logger } from '../../ports/logger';
import { TooManyAttempts } from '../access/credential-limiter';

/** What the server takes at most: a request's address and headers together, and its body. */
export interface RequestLimits {
  headerBytes: number;
  bodyBytes: number;
  /** One part of an address between slashes (an id). */
  paramLength: number;
}

const STATUS: Record<string, number> = {
  UNAUTHORIZED: 401,
  SESSION_ENDED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  WINDOW_CLOSED: 409,
  TOO_MANY_ATTEMPTS: 429,
  EMAIL_TAKEN: 409,
  LAST_MANAGER: 409,
  CANNOT_REMOVE_SELF: 409,
  OIDC_PROVIDER_UNAVAILABLE: 502,
  CHANNEL_NUMBER_TAKEN: 409,
  TEMPLATE_EXISTS: 409,
  TEMPLATE_PROVIDER_UNAVAILABLE: 502,
  REMINDER_ALREADY_SENT: 409,
  SINCE_AHEAD: 409,
};

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`);

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

/** Fastify's own refusals of a request, in our words. */
function frameworkError(error: FastifyError, request: FastifyRequest, limits: RequestLimits): { status: number; body: ErrorBody } | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        body: { error: { code: 'BODY_TOO_LARGE', message: `The body is larger than ${size(limits.bodyBytes)}, the most this server takes in one request: send it in parts.` } },
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        body: {
          error: {
            code: 'UNSUPPORTED_MEDIA_TYPE',
            message: `A body of type "${request.headers['content-type'] ?? 'unknown'}" is not taken: send application/json (the SMS provider's callbacks: application/x-www-form-urlencoded).`,
          },
        },
      };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, body: { error: { code: 'BAD_CONTENT_LENGTH', message: 'The Content-Length does not match the body that was sent.' } } };
    case 'FST_ERR_BAD_URL':
      return { status: 400, body: { error: { code: 'BAD_URL', message: 'The address is not valid: a %-escape in it does not decode.' } } };
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return {
        status: 414,
        body: { error: { code: 'URL_TOO_LONG', message: `A part of the address is longer than ${limits.paramLength} characters; no id here is that long.` } },
      };
    default:
      return null;
  }
}

/** Every error leaves as { error: { code, message, params? } }; internals are logged, not answered. */
export function errorHandler(logger: Logger, limits: RequestLimits) {
  return (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    let status: number;
    let body: ErrorBody;
    const framework = 'code' in error && typeof error.code === 'string' ? frameworkError(error as FastifyError, request, limits) : null;
    if (error instanceof z.ZodError) {
      status = 400;
      body = { error: { code: 'INVALID_REQUEST', message: describeIssues(error) } };
    } else if (error instanceof ApiFailure) {
      status = STATUS[error.code] ?? 422;
      if (error instanceof TooManyAttempts) void reply.header('retry-after', String(Math.ceil(error.retryAfterMs / 1000)));
      body = { error: error.toApiError() };
    } else if (framework) {
      ({ status, body } = framework);
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

/**
 * The routes the server has, so that an address it knows asked with the wrong method is
 * answered 405 with the methods it takes, and only an unknown address 404.
 */
export class RouteTable {
  private readonly routes: Array<{ methods: string[]; url: string; pattern: RegExp }> = [];

  add(methods: string | string[], url: string): void {
    // Our routes use `:name` parameters only; each stands for one part between slashes.
    const source = url
      .split('/')
      .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    this.routes.push({ methods: Array.isArray(methods) ? methods : [methods], url, pattern: new RegExp(`^${source}/?$`) });
  }

  /** Every route as registered ("GET /v2/users"), so that a check over all of them misses none. */
  list(): string[] {
    return this.routes.flatMap((r) => r.methods.map((m) => `${m} ${r.url}`));
  }

  methodsOf(path: string): string[] {
    return [...new Set(this.routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods))].sort();
  }
}

export function notFoundHandler(routes: RouteTable) {
  return (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0]!;
    const allowed = routes.methodsOf(path);
    if (allowed.length > 0) {
      return reply
        .code(405)
        .header('allow', allowed.join(', '))
        .send({ error: { code: 'METHOD_NOT_ALLOWED', message: `${request.method} is not taken at ${path}; it takes ${allowed.join(', ')}.` } });
    }
    return reply.code(404).send({ error: { code: 'NOT_FOUND', message: `There is nothing at ${request.method} ${path}; the API is under /v2.` } });
  };
}

/** A WebSocket address asked without the upgrade to a WebSocket. */
export function upgradeRequired(request: FastifyRequest, reply: FastifyReply) {
  const path = request.url.split('?')[0]!;
  return reply
    .code(426)
    .header('upgrade', 'websocket')
    .send({ error: { code: 'UPGRADE_REQUIRED', message: `${path} is a WebSocket: open it as one (Connection: Upgrade, Upgrade: websocket).` } });
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them: headers (with the address)
 * over the limit, a request that does not arrive in time, bytes that are not HTTP. They are
 * answered in the same shape as every other error, then the connection is closed.
 */
export function clientErrorHandler(limits: RequestLimits) {
  return (error: Error & { code?: string }, socket: Socket): void => {
    // The client went away: nobody is left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    let status = 400;
    let body: ErrorBody = { error: { code: 'BAD_HTTP', message: 'The request is not HTTP this server can read.' } };
    if (error.code === 'HPE_HEADER_OVERFLOW') {
      status = 431;
      body = { error: { code: 'HEADERS_TOO_LARGE', message: `The address and headers together are longer than ${size(limits.headerBytes)}, the most this server reads.` } };
    } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      status = 408;
      body = { error: { code: 'REQUEST_TIMEOUT', message: 'The request did not arrive in time.' } };
    }
    const text = JSON.stringify(body);
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
      );
    }
    socket.destroy(error);
  };
}
