import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const MONITORING_DIR = resolve(REPO_ROOT, 'deploy', 'monitoring');

export interface GrafanaTarget {
  refId?: string;
  expr?: string;
  datasource?: { type?: string; uid?: string };
}

export interface GrafanaPanel {
  id?: number;
  type: string;
  title?: string;
  datasource?: { type?: string; uid?: string };
  gridPos?: { x: number; y: number; w: number; h: number };
  targets?: GrafanaTarget[];
  /** A collapsed row holds its panels. */
  panels?: GrafanaPanel[];
}

export interface GrafanaVariable {
  name: string;
  type: string;
  query?: string | { query?: string };
  datasource?: { type?: string; uid?: string };
  multi?: boolean;
  includeAll?: boolean;
}

export interface GrafanaDashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: GrafanaPanel[];
  templating: { list: GrafanaVariable[] };
}

export interface AlertRule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RuleFile {
  groups: Array<{ name: string; interval?: string; rules: AlertRule[] }>;
}

export interface ScrapeConfig {
  rule_files?: string[];
  scrape_configs: Array<{
    job_name: string;
    metrics_path?: string;
    static_configs: Array<{ targets: string[] }>;
  }>;
}

/** One PromQL expression found in a monitoring file, with where it is for failure messages. */
export interface Query {
  where: string;
  expr: string;
}

export function readMonitoringFile(name: string): string {
  return readFileSync(resolve(MONITORING_DIR, name), 'utf8');
}

export function loadDashboard(): GrafanaDashboard {
  return JSON.parse(readMonitoringFile('grafana-dashboard.json')) as GrafanaDashboard;
}

export function loadRules(): RuleFile {
  return parseYaml(readMonitoringFile('alert-rules.yaml'), { strict: true, uniqueKeys: true }) as RuleFile;
}

export function loadScrapeConfig(): ScrapeConfig {
  return parseYaml(readMonitoringFile('prometheus.yaml'), { strict: true, uniqueKeys: true }) as ScrapeConfig;
}

/** Every panel, those inside collapsed rows included. */
export function panelsOf(dashboard: GrafanaDashboard): GrafanaPanel[] {
  return dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
}

export function dashboardQueries(dashboard: GrafanaDashboard): Query[] {
  return panelsOf(dashboard).flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({
      where: `panel ${panel.id} "${panel.title}" ${target.refId}`,
      expr: target.expr ?? '',
    })),
  );
}

export function ruleQueries(rules: RuleFile): Query[] {
  return rules.groups.flatMap((group) =>
    group.rules.map((rule) => ({ where: `${group.name}/${rule.alert ?? rule.record}`, expr: rule.expr })),
  );
}

export function variableQuery(variable: GrafanaVariable): string {
  return typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? '');
}

/** Grafana's own variables, replaced by a typical value of theirs. */
const GRAFANA_VARIABLES: Readonly<Record<string, string>> = {
  __rate_interval: '1m',
  __interval: '30s',
  __range: '6h',
};

/**
 * The expression Prometheus receives once Grafana replaced `$name`, `${name}`, `${name:format}`
 * and `[[name]]` by `values[name]` (or its own `$__…` values); `unknown` lists the variables
 * neither defines.
 */
export function substituteVariables(
  expr: string,
  values: Readonly<Record<string, string>>,
): { expr: string; unknown: string[] } {
  const unknown: string[] = [];
  const replaced = expr.replace(
    /\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$(\w+)/g,
    (found, braced?: string, bracketed?: string, bare?: string) => {
      const name = braced ?? bracketed ?? bare ?? '';
      const value = values[name] ?? GRAFANA_VARIABLES[name];
      if (value === undefined) {
        unknown.push(found);
        return found;
      }
      return value;
    },
  );
  return { expr: replaced, unknown };
}
