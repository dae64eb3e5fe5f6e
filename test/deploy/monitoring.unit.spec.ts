import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  type ExposedMetrics,
  exposedMetrics,
  inertDataSource,
  type Series,
  productionApps,
} from './monitoring-exposed-metrics';
import {
  dashboardQueries,
  type GrafanaDashboard,
  loadDashboard,
  loadRules,
  loadScrapeConfig,
  MONITORING_DIR,
  panelsOf,
  REPO_ROOT,
  type RuleFile,
  ruleQueries,
  substituteVariables,
  variableQuery,
} from './monitoring-files';
import { brokenLink } from '../support/markdown-links';
import { type KnownSeries, problemsOf } from './monitoring-checks';
import { readPromql } from './monitoring-promql';

// The apps are built with their production providers; only Postgres is not opened.
jest.mock('@handover/event-runtime', () => ({
  ...jest.requireActual<Record<string, unknown>>('@handover/event-runtime'),
  openRuntimeDataSource: () => Promise.resolve(inertDataSource()),
  openAppDataSource: () => Promise.resolve(inertDataSource()),
}));

/** Prometheus's own series, written by the scrape itself. */
const PROMETHEUS_SERIES: ReadonlyMap<string, Series> = new Map([['up', { type: 'gauge', labels: [] }]]);
const SEVERITIES = ['critical', 'warning', 'info'];

let apps: ExposedMetrics[];
let series: Map<string, Series>;
let services: string[];

beforeAll(async () => {
  apps = [];
  for (const app of productionApps()) {
    apps.push(await exposedMetrics(app));
  }
  series = new Map([...PROMETHEUS_SERIES, ...apps.flatMap((app) => [...app.series])]);
  services = apps.map((app) => app.service);
});

const known = (): KnownSeries => ({ series, services });

describe('monitoring', () => {
  describe('exposedMetrics', () => {
    it("should read each app's series from its own registry, histograms expanded", () => {
      expect(services).toEqual([
        'gateway',
        'bot-responder',
        'handover',
        'availability-poller',
        'intervention-stats',
      ]);
      const gateway = apps[0].series;
      expect(gateway.get('gateway_webhook_requests_total')).toEqual({ type: 'counter', labels: ['outcome'] });
      expect(gateway.get('gateway_kafka_publish_seconds_bucket')).toEqual({
        type: 'histogram',
        labels: ['le'],
      });
      expect(gateway.has('gateway_kafka_publish_seconds')).toBe(false);
      expect(apps[2].series.get('handover_consumer_lag')).toEqual({
        type: 'gauge',
        labels: ['topic', 'partition'],
      });
      expect(apps[1].series.has('handover_consumer_lag')).toBe(false);
    });
  });

  describe('problemsOf', () => {
    it('should pass a query on served series and name what is wrong with the others', () => {
      expect(
        problemsOf(known(), [
          {
            where: 'ok',
            expr: 'sum by (le) (rate(gateway_kafka_publish_seconds_bucket{service="gateway"}[5m]))',
          },
          {
            where: 'ok',
            expr: 'handover_waiting_threads and on (source_id) availability_poller_available_agents',
          },
        ]),
      ).toEqual([]);
      expect(
        problemsOf(known(), [
          { where: 'a', expr: 'sum(rate(gateway_webhook_requests_total[5m])' },
          { where: 'b', expr: 'rate(gateway_webhooks_total[5m])' },
          { where: 'c', expr: 'rate(handover_consumer_lag[5m]) + deriv(handover_records_total[5m])' },
          { where: 'd', expr: 'increase(handover_records_total) or up{job="bot_responder"}' },
          { where: 'e', expr: 'histogram_quantile(0.9, sum by (le) (rate(handover_records_total[5m])))' },
          { where: 'f', expr: 'max by (source_id) (handover_effects{status="failed", state="x"})' },
          { where: 'g', expr: 'handover_effects and on (kind) availability_poller_available_agents' },
        ]),
      ).toEqual([
        expect.stringMatching(/^a: syntax error/),
        'b: no app serves gateway_webhooks_total',
        'c: rate of the gauge handover_consumer_lag (counters only)',
        'c: deriv of the counter handover_records_total (gauges only)',
        'd: needs a range vector: increase(handover_records_total)',
        'd: job="bot_responder" is no app',
        "e: histogram_quantile of handover_records_total, not a histogram's _bucket",
        'e: groups by le, a label none of handover_records_total has',
        'f: handover_effects has no label state',
        'f: groups by source_id, a label none of handover_effects has',
        'g: groups by kind, a label none of availability_poller_available_agents has',
      ]);
    });
  });

  describe('grafana-dashboard.json', () => {
    let dashboard: GrafanaDashboard;
    const values = (): Record<string, string> => ({ service: services[0] });

    beforeAll(() => {
      dashboard = loadDashboard();
    });

    it('should be a Grafana dashboard model with a Prometheus datasource variable and a service variable', () => {
      expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
      expect(dashboard.title).toBeTruthy();
      const [datasource, service] = ['datasource', 'service'].map((name) =>
        dashboard.templating.list.find((variable) => variable.name === name),
      );
      expect(datasource).toMatchObject({ type: 'datasource', query: 'prometheus' });
      expect(service).toMatchObject({
        type: 'query',
        datasource: { uid: '${datasource}' },
        includeAll: true,
      });
      const labelValues = /^label_values\((.+),\s*service\)$/.exec(
        variableQuery(service ?? { name: '', type: '' }),
      );
      expect(labelValues).not.toBeNull();
      expect(problemsOf(known(), [{ where: 'variable service', expr: labelValues?.[1] ?? '' }])).toEqual([]);
    });

    it('should give every panel the Prometheus datasource variable and at least one query', () => {
      const panels = panelsOf(dashboard).filter((panel) => panel.type !== 'row');
      expect(panels.length).toBeGreaterThan(20);
      const unwired = panels
        .filter(
          (panel) =>
            panel.datasource?.uid !== '${datasource}' ||
            (panel.targets ?? []).length === 0 ||
            panel.targets?.some(
              (target) => target.datasource !== undefined && target.datasource.uid !== '${datasource}',
            ),
        )
        .map((panel) => `${panel.id} ${panel.title}`);
      expect(unwired).toEqual([]);
    });

    it('should keep panel ids unique, and dashboard uids unique across deploy/monitoring', () => {
      const ids = panelsOf(dashboard).map((panel) => panel.id);
      expect(ids.every((id) => Number.isInteger(id))).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      const uids = readdirSync(MONITORING_DIR)
        .filter((name) => name.endsWith('.json'))
        .map(
          (name) => (JSON.parse(readFileSync(resolve(MONITORING_DIR, name), 'utf8')) as { uid: string }).uid,
        );
      expect(uids).toContain(dashboard.uid);
      expect(uids.every((uid) => /^[A-Za-z0-9_-]{1,40}$/.test(uid))).toBe(true);
      expect(new Set(uids).size).toBe(uids.length);
    });

    it('should lay every panel out on the 24-column grid without overlapping another', () => {
      const taken = new Map<string, number | undefined>();
      const misplaced = dashboard.panels.flatMap(({ id, gridPos }) => {
        if (!gridPos || gridPos.x < 0 || gridPos.w < 1 || gridPos.h < 1 || gridPos.x + gridPos.w > 24) {
          return [`panel ${id} is off the grid`];
        }
        const overlaps = new Set<number | undefined>();
        for (let x = gridPos.x; x < gridPos.x + gridPos.w; x++) {
          for (let y = gridPos.y; y < gridPos.y + gridPos.h; y++) {
            const cell = `${x},${y}`;
            if (taken.has(cell)) {
              overlaps.add(taken.get(cell));
            }
            taken.set(cell, id);
          }
        }
        return [...overlaps].map((other) => `panel ${id} overlaps panel ${other}`);
      });
      expect(misplaced).toEqual([]);
    });

    it('should only use variables it defines', () => {
      const defined = Object.fromEntries(dashboard.templating.list.map((variable) => [variable.name, 'x']));
      const unknown = dashboardQueries(dashboard).flatMap(({ where, expr }) =>
        substituteVariables(expr, defined).unknown.map((variable) => `${where}: ${variable}`),
      );
      expect(unknown).toEqual([]);
    });

    it('should query, in valid PromQL, only series the apps serve', () => {
      const queries = dashboardQueries(dashboard).map(({ where, expr }) => ({
        where,
        expr: substituteVariables(expr, values()).expr,
      }));
      expect(problemsOf(known(), queries)).toEqual([]);
    });
  });

  describe('alert-rules.yaml', () => {
    let rules: RuleFile;
    const alerts = (): RuleFile['groups'][number]['rules'] => rules.groups.flatMap((group) => group.rules);

    beforeAll(() => {
      rules = loadRules();
    });

    it('should be a Prometheus rule file of named groups of alerts', () => {
      expect(rules.groups.length).toBeGreaterThan(0);
      const groups = rules.groups.map((group) => group.name);
      expect(new Set(groups).size).toBe(groups.length);
      expect(rules.groups.every((group) => group.name && group.rules.length > 0)).toBe(true);
      const names = alerts().map((rule) => rule.alert);
      expect(names.every((name) => name !== undefined && /^[A-Z][A-Za-z0-9]+$/.test(name))).toBe(true);
      expect(new Set(names).size).toBe(names.length);
      const badFor = alerts().filter(
        (rule) => rule.for !== undefined && !/^(\d+(ms|s|m|h|d|w|y))+$/.test(rule.for),
      );
      expect(badFor).toEqual([]);
    });

    it('should give every alert a severity, a summary, a description and a runbook in the repository', () => {
      const problems = alerts().flatMap((rule) => {
        const runbook = rule.annotations?.runbook_url ?? '';
        return [
          SEVERITIES.includes(rule.labels?.severity ?? '') ? null : `severity ${rule.labels?.severity}`,
          rule.annotations?.summary ? null : 'no summary',
          rule.annotations?.description ? null : 'no description',
          runbook.includes('#')
            ? brokenLink(runbook, join(REPO_ROOT, 'README.md'))
            : `runbook_url "${runbook}" names no section`,
        ]
          .filter((problem) => problem !== null)
          .map((problem) => `${rule.alert}: ${problem}`);
      });
      expect(problems).toEqual([]);
    });

    it('should query, in valid PromQL, only series the apps serve (and up)', () => {
      expect(problemsOf(known(), ruleQueries(rules))).toEqual([]);
    });

    it('should alert on lag growing, failed effects, the quota, a stalled partition and the emergency', () => {
      const exprOf = (alert: string): string => alerts().find((rule) => rule.alert === alert)?.expr ?? '';
      expect(readPromql(exprOf('EngageQuotaNearLimit')).metrics).toEqual(
        expect.arrayContaining(['engage_quota_used_calls', 'engage_quota_limit_calls']),
      );
      expect(readPromql(exprOf('EmergencyHandoverOn')).metrics).toContain('handover_emergency_active');
      expect(readPromql(exprOf('EffectsFailed')).metrics).toEqual([
        'bot_responder_effects',
        'handover_effects',
      ]);
      const served = (suffix: string): string[] => [...series.keys()].filter((name) => name.endsWith(suffix));
      // Every consumer app's lag and parked records, so that a new consumer app is watched too.
      expect(served('_consumer_lag').length).toBeGreaterThan(0);
      for (const alert of ['ConsumerLagGrowing', 'PartitionStalled']) {
        expect(readPromql(exprOf(alert)).metrics).toEqual(expect.arrayContaining(served('_consumer_lag')));
      }
      expect(readPromql(exprOf('ParkedRecordsOpen')).metrics.sort()).toEqual(
        served('_parked_records').sort(),
      );
      const down = readPromql(exprOf('HandoverAppDown')).matchers.find((matcher) => matcher.label === 'job');
      expect(down?.value.split('|').sort()).toEqual([...services].sort());
    });
  });

  describe('prometheus.yaml', () => {
    it("should scrape every app's /metrics on its internal port, as a job named after the app, and load the rules", () => {
      const config = loadScrapeConfig();
      expect(config.rule_files).toContain('alert-rules.yaml');
      expect(existsSync(resolve(MONITORING_DIR, 'alert-rules.yaml'))).toBe(true);
      const jobs = config.scrape_configs.map((job) => ({
        service: job.job_name,
        path: job.metrics_path ?? '/metrics',
        ports: [
          ...new Set(
            job.static_configs.flatMap((targets) =>
              targets.targets.map((target) => Number(target.split(':')[1])),
            ),
          ),
        ],
      }));
      expect(jobs).toEqual(
        apps.map((app) => ({ service: app.service, path: '/metrics', ports: [app.internalPort] })),
      );
    });
  });

  describe('docs/monitoring.md', () => {
    it('should link only to files and sections inside the repository', () => {
      const doc = resolve(REPO_ROOT, 'docs', 'monitoring.md');
      const links = [...readFileSync(doc, 'utf8').matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]);
      expect(links.length).toBeGreaterThan(0);
      const broken = links.map((link) => brokenLink(link, doc));
      expect(broken.filter((problem) => problem !== null)).toEqual([]);
    });
  });
});
