/** The sign-in page has no script at all; its only form posts to itself. */
export const LOGIN_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]);
}

/**
 * GET /dashboard/login: a supervisor pastes the token DASHBOARD_USERS gives them; URLs are relative
 * (the form posts to /dashboard/login, the stylesheet is /dashboard/assets/dashboard.css).
 */
export function renderLoginPage(problem?: string): string {
  const notice =
    problem === undefined
      ? ''
      : `<p class="message error" id="login-problem" role="alert">${escapeHtml(problem)}</p>`;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>handover — sign in</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="assets/dashboard.css">
  </head>
  <body class="login">
    <header>
      <h1>handover <span>live dashboard</span></h1>
    </header>
    <main>
      <form class="panel login-form" id="login" method="post" action="login">
        <h2>Sign in</h2>
        <label>Your token <input id="login-token" name="token" type="password" autocomplete="current-password" required maxlength="512"></label>
        <button id="login-submit" type="submit">Sign in</button>
        ${notice}
        <p class="hint">Tokens are set per supervisor in DASHBOARD_USERS on intervention-stats.</p>
      </form>
    </main>
  </body>
</html>
`;
}
