import { type Span, SpanStatusCode } from '@opentelemetry/api';

/**
 * Marks `span` failed with the error's class or code as `error.type`. Never the message: a
 * database or platform error can quote the data it refused (a customer's text, an id list).
 */
export function markSpanFailed(span: Span, error: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR });
  span.setAttribute('error.type', errorTypeOf(error));
}

function errorTypeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code !== '') {
    return code;
  }
  return error instanceof Error ? error.name : '_OTHER';
}
