import { SAME_ORIGIN_PAGE_CSP } from './same-origin-csp';

/**
 * The docs page: the initializer is a file of its own, and the layout is swagger-ui's BaseLayout,
 * without the standalone preset whose top bar (a box to load any other URL) renders an inline <style>.
 */
export const API_DOCS_CSP = SAME_ORIGIN_PAGE_CSP;

export const SWAGGER_INITIALIZER_FILE = 'swagger-initializer.js';

/**
 * Relative URLs (from /docs, `docs/…` is /docs/…), so the page also works behind a path prefix.
 * validatorUrl null: the default sends the document's URL to validator.swagger.io.
 */
export const SWAGGER_INITIALIZER = `window.ui = SwaggerUIBundle({
  url: 'docs/json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
`;

export function swaggerUiPage(title: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(title)}</title>
    <link rel="stylesheet" href="docs/swagger-ui.css">
    <link rel="icon" type="image/png" href="docs/favicon-32x32.png" sizes="32x32">
    <link rel="icon" type="image/png" href="docs/favicon-16x16.png" sizes="16x16">
    <script src="docs/swagger-ui-bundle.js" defer></script>
    <script src="docs/${SWAGGER_INITIALIZER_FILE}" defer></script>
  </head>
  <body>
    <div id="swagger-ui"></div>
  </body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
