import { escapeHtml } from './login.page';

/** What the page needs: configuration (never a secret) and who it is for. */
export interface DashboardPageOptions {
  refreshMs: number;
  liveWindowMs: number;
  /** GATEWAY_URL and GATEWAY_ADMIN_TOKEN are both set. */
  switchEnabled: boolean;
  /** The signed-in supervisor. */
  supervisor: string;
  /** Their session's CSRF token, sent back with every switch (X-CSRF-Token). */
  csrfToken: string;
}

/** A KPI card: where its figure is in GET /analytics/summary, and how it reads. */
export interface KpiCard {
  path: string;
  format: 'rate' | 'duration';
  label: string;
  hint: string;
}

export const KPI_CARDS: readonly KpiCard[] = [
  {
    path: 'containment_rate',
    format: 'rate',
    label: 'Containment',
    hint: 'conversations the bot resolved without any handover',
  },
  {
    path: 'handover_rate',
    format: 'rate',
    label: 'Handover rate',
    hint: 'conversations handed over to agents',
  },
  {
    path: 'no_agent_rate',
    format: 'rate',
    label: 'No-agent rate',
    hint: 'handover requests that found nobody free (queued)',
  },
  {
    path: 'time_to_first_bot_reply_ms.p50',
    format: 'duration',
    label: 'First bot reply (p50)',
    hint: "from the customer's first message",
  },
  {
    path: 'time_to_handover_ms.p50',
    format: 'duration',
    label: 'Time to handover (p50)',
    hint: "from the customer's first message",
  },
];

const ROUTES = [
  { route: 'BOT', label: 'with the bot' },
  { route: 'WAITING', label: 'waiting for an agent' },
  { route: 'AGENT', label: 'with agents' },
];

/**
 * Which filters a panel applies (`applies`, space-separated: range, source, language), said in words
 * under its title: a filter a panel ignores is never ignored silently.
 */
function scope(applies: string, text: string, id?: string): string {
  return `<p class="scope"${id ? ` id="${id}"` : ''} data-applies="${applies}">${text}</p>`;
}

/**
 * GET /dashboard: one static page, its script and styles from /dashboard/assets (no inline script,
 * style or event handler, so the Content-Security-Policy needs no 'unsafe-inline'). Asset and API
 * URLs are relative, so the page also works behind a path prefix.
 */
export function renderDashboardPage(options: DashboardPageOptions): string {
  const kpis = KPI_CARDS.map(
    (card) =>
      `<article class="kpi" data-kpi="${card.path}" data-format="${card.format}">` +
      `<h3>${card.label}</h3><p class="value" data-value="">—</p><p class="hint">${card.hint}</p></article>`,
  ).join('\n        ');
  const owners = ROUTES.map(
    ({ route, label }) =>
      `<div class="owner owner-${route.toLowerCase()}" data-route="${route}">` +
      `<span class="count" data-count="">—</span><span class="route">${route}</span><span class="hint">${label}</span></div>`,
  ).join('\n          ');
  const switchNotice = options.switchEnabled
    ? ''
    : `<p class="notice" id="emergency-disabled">The switch is disabled: set GATEWAY_URL and GATEWAY_ADMIN_TOKEN on intervention-stats to call the gateway's admin API.</p>`;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>handover — live dashboard</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="dashboard/assets/dashboard.css">
    <script src="dashboard/assets/chart.umd.min.js" defer></script>
    <script src="dashboard/assets/dashboard-lib.js" defer></script>
    <script src="dashboard/assets/dashboard-dom.js" defer></script>
    <script src="dashboard/assets/dashboard.js" defer></script>
  </head>
  <body data-refresh-ms="${Math.trunc(options.refreshMs)}" data-live-window-ms="${Math.trunc(options.liveWindowMs)}" data-emergency-switch="${options.switchEnabled ? 'enabled' : 'disabled'}" data-csrf-token="${escapeHtml(options.csrfToken)}">
    <header>
      <h1>handover <span>bot &#8644; agent, live</span></h1>
      <p id="status" role="status">Loading…</p>
      <p class="who">Signed in as <strong id="supervisor">${escapeHtml(options.supervisor)}</strong> <button id="sign-out" type="button">Sign out</button></p>
    </header>
    <main>
      <section class="panel filters" role="search" aria-label="Filters">
        <div class="filter-fields">
          <label>Period
            <select id="filter-range">
              <option value="today">Today (UTC)</option>
              <option value="7d">Last 7 days</option>
              <option value="30d">Last 30 days</option>
              <option value="custom">Custom days</option>
            </select>
          </label>
          <label class="custom-day" hidden>From <input type="date" id="filter-from"></label>
          <label class="custom-day" hidden>To (included) <input type="date" id="filter-to"></label>
          <label>Source <select id="filter-source"><option value="">All sources</option></select></label>
          <label>Language <select id="filter-language"><option value="">All languages</option></select></label>
          <button id="filter-reset" type="button">Reset</button>
        </div>
        <p class="filter-summary" id="filter-summary"></p>
        <p class="hint" id="names-status"></p>
        <p class="hint">Every time on this page is UTC (YYYY-MM-DD HH:mm:ss UTC), as the days of the charts are.</p>
      </section>
      <section class="panel" aria-labelledby="kpi-title">
        <h2 id="kpi-title">Conversations <small id="kpi-period"></small></h2>
        ${scope('range source language', 'Period, source and language apply.')}
        <div class="kpis" id="kpis">
        ${kpis}
        </div>
      </section>
      <section class="charts">
        <figure class="panel">
          <figcaption>Conversations per outcome per day (UTC)</figcaption>
          ${scope('range source language', 'Period, source and language apply.')}
          <div class="chart"><canvas id="chart-outcomes" role="img" aria-label="Conversations per outcome per day"></canvas></div>
        </figure>
        <figure class="panel">
          <figcaption>Containment rate per day (UTC)</figcaption>
          ${scope('range source language', 'Period, source and language apply.')}
          <div class="chart"><canvas id="chart-containment" role="img" aria-label="Containment rate per day"></canvas></div>
        </figure>
      </section>
      <section class="panel" id="timeseries-panel" aria-labelledby="timeseries-title">
        <h2 id="timeseries-title">Over time <small id="timeseries-resolution"></small></h2>
        ${scope('range source language', 'Period, source and language apply (the language not to available agents), up to now: per minute over one day, else per UTC day.')}
        <div class="chart chart-wide"><canvas id="chart-timeseries" role="img" aria-label="Waiting threads, available agents, handover requests and bot replies over time"></canvas></div>
      </section>
      <section class="live">
        <div class="panel" id="owners-panel">
          <h2>Live threads by owner <small id="owners-window"></small></h2>
          ${scope('source language', 'Now: source and language apply; the period does not.', 'owners-filters')}
          <div class="owners" id="owners">
          ${owners}
          </div>
          <h3>Waiting for an agent</h3>
          ${scope('source language', 'Now: source and language apply (the 100 longest waiting are listed); the period does not.', 'waiting-filters')}
          <div class="table-scroll">
            <table id="waiting">
              <thead><tr><th>Thread</th><th>Source</th><th>Reason</th><th>Waiting</th></tr></thead>
              <tbody></tbody>
            </table>
          </div>
          <p class="empty" id="waiting-empty">Nobody is waiting.</p>
        </div>
        <div class="panel" id="availability-panel">
          <h2>Available agents per source</h2>
          ${scope('source', 'Now: the source applies; the period and language do not.', 'availability-filters')}
          <div class="table-scroll">
            <table id="availability">
              <thead><tr><th>Source</th><th>Available</th><th>Agents</th><th>Seen</th></tr></thead>
              <tbody></tbody>
            </table>
          </div>
          <p class="empty" id="availability-empty">No availability seen yet: is availability-poller running?</p>
        </div>
        <div class="panel" id="failures-panel">
          <h2>Failures <small>calls given up on, records parked</small></h2>
          ${scope('', 'No filter applies: the latest of every app.', 'failures-filters')}
          <ul class="failure-counts" id="failures-counts"></ul>
          <div class="table-scroll">
            <table id="failures">
              <thead><tr><th>App</th><th>What</th><th>Thread</th><th>Reason</th><th>When</th><th></th></tr></thead>
              <tbody></tbody>
            </table>
          </div>
          <p class="empty" id="failures-empty">Nothing failed.</p>
          <p class="notice" id="failures-disabled" hidden>Not configured: set OPS_API_URLS and OPS_API_TOKEN on intervention-stats to read the apps' ops admin API.</p>
          <p class="detail">Retry or discard with the operator tools (docs/operations.md).</p>
        </div>
        <div class="panel" id="emergency-panel">
          <h2>Emergency handover</h2>
          ${scope('', 'No filter applies: the switch in force now.', 'emergency-filters')}
          <p class="state" id="emergency-state" data-active="">—</p>
          <p class="detail" id="emergency-detail"></p>
          <div class="switch-form">
            <label>Scope <select id="emergency-scope"><option value="all">All sources</option></select></label>
            <label>Reason <input id="emergency-reason" maxlength="500" value="Switched from the dashboard"></label>
            <button id="emergency-switch" type="button" role="switch" aria-checked="false" disabled>Emergency</button>
          </div>
          ${switchNotice}
          <p class="message" id="emergency-message" role="status"></p>
          <h3>Earlier switches</h3>
          <ol class="history" id="emergency-history"></ol>
          <p class="empty" id="emergency-history-empty">None.</p>
          <h3>Audit trail of this dashboard</h3>
          <ol class="history" id="emergency-audit"></ol>
          <p class="empty" id="emergency-audit-empty">No switch made from the dashboard.</p>
        </div>
      </section>
    </main>
  </body>
</html>
`;
}
