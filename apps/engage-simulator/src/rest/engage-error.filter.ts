import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { type FastifyReply } from 'fastify';
import { PlatformError } from '../platform/platform.exception';

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'invalid_access_token',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'invalid_parameters',
  429: 'rate_limit_exceeded',
};

export interface ErrorEnvelope {
  error: string;
  message: string;
  status: number;
}

/** Every non-200 is RCED's `{error, message, status}` (ENGAGE_API.md §2.2), including unknown routes. */
@Catch()
export class EngageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(EngageErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const envelope = this.envelopeOf(exception);
    if (exception instanceof PlatformError && exception.retryAfterSeconds !== undefined) {
      void reply.header('Retry-After', String(exception.retryAfterSeconds));
    }
    void reply.status(envelope.status).send(envelope);
  }

  private envelopeOf(exception: unknown): ErrorEnvelope {
    if (exception instanceof PlatformError) {
      return { error: exception.code, message: exception.message, status: exception.status };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      // Our own exceptions carry an RCED-style identifier; Nest's built-in ones carry "Not Found" & co.
      const own = typeof body === 'object' && 'error' in body ? body.error : undefined;
      const error = typeof own === 'string' && /^[a-z_]+$/.test(own) ? own : undefined;
      return {
        error: error ?? CODES[status] ?? 'error',
        message: messageOf(body, exception.message),
        status,
      };
    }
    const status = (exception as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return { error: CODES[status] ?? 'bad_request', message: (exception as Error).message, status };
    }
    this.logger.error(exception);
    return { error: 'internal_error', message: 'Internal server error', status: 500 };
  }
}

function messageOf(body: string | object, fallback: string): string {
  if (typeof body === 'object' && 'message' in body) {
    const message = body.message;
    return Array.isArray(message) ? message.join('; ') : String(message);
  }
  return fallback;
}
