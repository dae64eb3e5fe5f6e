import { escapeHtml } from './login.page';

/** What the timeline page needs: the thread (an RCED id, checked) and who it is for. */
export interface ThreadPageOptions {
  threadId: string;
  supervisor: string;
}

/**
 * GET /dashboard/threads/:threadId: one conversation's statistics and timeline, drawn by
 * thread.js from GET /analytics/threads/:threadId. Every URL is relative to /dashboard/threads/, so
 * the page works behind a path prefix, like the dashboard. It links to no RCED page: RCED documents
 * no URL for a conversation in its agent interface (docs/dashboard.md).
 */
export function renderThreadPage(options: ThreadPageOptions): string {
  const threadId = escapeHtml(options.threadId);
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>handover — conversation ${threadId}</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="../assets/dashboard.css">
    <script src="../assets/dashboard-lib.js" defer></script>
    <script src="../assets/dashboard-dom.js" defer></script>
    <script src="../assets/thread.js" defer></script>
  </head>
  <body data-thread-id="${threadId}">
    <header>
      <h1>handover <span>one conversation</span></h1>
      <p id="status" role="status">Loading…</p>
      <p class="who">Signed in as <strong id="supervisor">${escapeHtml(options.supervisor)}</strong> <a class="back" href="../../dashboard">Back to the dashboard</a></p>
    </header>
    <main>
      <section class="panel" aria-labelledby="thread-title">
        <h2 id="thread-title">Conversation <span class="id" id="thread-id">${threadId}</span></h2>
        <p class="hint">Every time is UTC (YYYY-MM-DD HH:mm:ss UTC). No link to RCED: its API documents no address for a conversation in its agent interface.</p>
        <dl class="facts" id="thread-facts"></dl>
        <p class="empty" id="thread-no-stats" hidden>No statistics for this conversation yet: only its events below.</p>
      </section>
      <section class="panel" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline <small>its events across topics, oldest first</small></h2>
        <div class="table-scroll">
          <table id="timeline">
            <thead><tr><th>When</th><th>Topic</th><th>Event</th><th>Detail</th></tr></thead>
            <tbody></tbody>
          </table>
        </div>
        <p class="empty" id="timeline-empty" hidden>No event recorded.</p>
      </section>
    </main>
  </body>
</html>
`;
}
