import { applyDecorators, Header } from '@nestjs/common';

/**
 * The headers of every dashboard page (HTML, never cached, no sniffing, its own CSP). Referrer-Policy
 * is same-origin, not no-referrer: with no-referrer, Chromium sends `Origin: null` on our own posts.
 */
export function HtmlPageHeaders(contentSecurityPolicy: string): MethodDecorator {
  return applyDecorators(
    Header('Content-Type', 'text/html; charset=utf-8'),
    Header('Content-Security-Policy', contentSecurityPolicy),
    Header('Cache-Control', 'no-store'),
    Header('X-Content-Type-Options', 'nosniff'),
    Header('Referrer-Policy', 'same-origin'),
  );
}
