/** GET /dashboard/assets/dashboard.css */
export const DASHBOARD_CSS = String.raw`
:root {
  --bg: #f4f6f8; --panel: #fff; --ink: #1d2733; --muted: #5f6b7a; --line: #dde3ea;
  --bot: #2e7d32; --waiting: #ef6c00; --agent: #1565c0; --danger: #c62828;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: var(--bg);
}
* { box-sizing: border-box; }
body { margin: 0; }
header {
  display: flex; align-items: baseline; justify-content: space-between; gap: 1rem; flex-wrap: wrap;
  padding: 0.75rem 1.5rem; background: #1d2733; color: #fff;
}
header h1 { margin: 0; font-size: 1.3rem; }
header h1 span { font-weight: 400; opacity: 0.7; font-size: 1rem; }
body.emergency-on header { background: var(--danger); }
#status { margin: 0; font-size: 0.9rem; opacity: 0.85; }
#status.error { color: #ffd54f; opacity: 1; }
.who { margin: 0; font-size: 0.9rem; }
.who button { margin-left: 0.5rem; }
.login-form { max-width: 28rem; margin: 3rem auto; display: grid; gap: 0.75rem; }
.login-form input { width: 100%; padding: 0.4rem; }
main { padding: 1rem 1.5rem 2rem; display: grid; gap: 1rem; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 1rem; margin: 0; min-width: 0; }
h2, figcaption { margin: 0 0 0.75rem; font-size: 1.05rem; font-weight: 600; }
h2 small { font-weight: 400; color: var(--muted); font-size: 0.85rem; }
h3 { font-size: 0.95rem; margin: 1rem 0 0.5rem; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 0.75rem; }
.kpi { border: 1px solid var(--line); border-radius: 6px; padding: 0.75rem; }
.kpi h3 { margin: 0; font-size: 0.85rem; color: var(--muted); font-weight: 500; }
.kpi .value { margin: 0.3rem 0; font-size: 1.9rem; font-weight: 650; font-variant-numeric: tabular-nums; }
.hint { margin: 0; color: var(--muted); font-size: 0.78rem; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(380px, 1fr)); gap: 1rem; }
.chart { position: relative; height: 260px; }
.live { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 1rem; align-items: start; }
.owners { display: grid; grid-template-columns: repeat(3, 1fr); gap: 0.5rem; }
.owner { border-radius: 6px; padding: 0.6rem; color: #fff; display: flex; flex-direction: column; }
.owner .count { font-size: 2rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.owner .route { font-weight: 600; letter-spacing: 0.04em; }
.owner .hint { color: rgba(255, 255, 255, 0.85); }
.owner-bot { background: var(--bot); }
.owner-waiting { background: var(--waiting); }
.owner-agent { background: var(--agent); }
table { width: 100%; border-collapse: collapse; font-size: 0.88rem; }
th, td { text-align: left; padding: 0.3rem 0.4rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 500; }
td.id { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.8rem; word-break: break-all; }
td.num { font-variant-numeric: tabular-nums; font-weight: 600; }
.empty { color: var(--muted); font-size: 0.88rem; margin: 0.5rem 0 0; }
.empty[hidden] { display: none; }
.state { font-size: 1.4rem; font-weight: 700; margin: 0; }
.state[data-active="true"] { color: var(--danger); }
.state[data-active="false"] { color: var(--bot); }
.detail { color: var(--muted); margin: 0.25rem 0 0.75rem; font-size: 0.9rem; }
.switch-form { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: end; }
.switch-form label {
  display: flex; flex-direction: column; font-size: 0.8rem; color: var(--muted); gap: 0.2rem; flex: 1 1 12rem;
}
.switch-form input, .switch-form select { font: inherit; padding: 0.3rem; width: 100%; }
#emergency-switch {
  font: inherit; font-weight: 650; padding: 0.5rem 1rem; border-radius: 999px; border: 0; cursor: pointer;
  color: #fff; background: var(--danger);
}
#emergency-switch[aria-checked="true"] { background: var(--bot); }
#emergency-switch:disabled { background: #9aa5b1; cursor: not-allowed; }
.notice { background: #fff8e1; border: 1px solid #ffe082; border-radius: 6px; padding: 0.5rem; font-size: 0.85rem; }
.message { min-height: 1.2em; font-size: 0.88rem; }
.message.error { color: var(--danger); }
.history { margin: 0; padding-left: 1.2rem; font-size: 0.85rem; color: var(--muted); }
`;
