/**
 * A page that loads its scripts, styles and API from its own origin only: no inline script or
 * style, no third party (the dashboard's pages and the API docs). data: images for icons drawn as
 * SVGs in CSS (swagger-ui.css).
 */
export const SAME_ORIGIN_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
