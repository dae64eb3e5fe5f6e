import { type MetricType, type Series } from './monitoring-exposed-metrics';
import { type Query } from './monitoring-files';
import { readPromql } from './monitoring-promql';

/** The series the apps serve (and Prometheus's own), and the apps' `service` names. */
export interface KnownSeries {
  series: ReadonlyMap<string, Series>;
  services: readonly string[];
}

/** Labels every scraped series has: the app's default label, and the scrape's target labels. */
const EVERY_SERIES_LABELS = ['service', 'job', 'instance'];

const COUNTER_FUNCTIONS = new Set(['rate', 'irate', 'increase']);
const GAUGE_FUNCTIONS = new Set(['deriv', 'delta', 'idelta', 'predict_linear']);

/** What is wrong with queries Grafana or Prometheus would run: one line per problem. */
export function problemsOf({ series, services }: KnownSeries, queries: readonly Query[]): string[] {
  return queries.flatMap(({ where, expr }) => {
    const reading = readPromql(expr);
    const typeOf = (metric: string): MetricType | undefined => series.get(metric)?.type;
    const carries = (metrics: readonly string[], label: string): boolean =>
      EVERY_SERIES_LABELS.includes(label) ||
      metrics.some((metric) => !series.has(metric) || series.get(metric)?.labels.includes(label));
    return [
      ...(expr.trim() === '' ? ['empty expression'] : []),
      ...reading.syntaxErrors.map((error) => `syntax error ${error}`),
      ...reading.metrics.filter((metric) => !series.has(metric)).map((metric) => `no app serves ${metric}`),
      ...reading.unnamed.map((selector) => `selector without a plain metric name: ${selector}`),
      ...reading.missingRanges.map((call) => `needs a range vector: ${call}`),
      ...reading.rangeFunctions
        .filter(({ fn, metric }) => COUNTER_FUNCTIONS.has(fn) && typeOf(metric) === 'gauge')
        .map(({ fn, metric }) => `${fn} of the gauge ${metric} (counters only)`),
      ...reading.rangeFunctions
        .filter(
          ({ fn, metric }) => GAUGE_FUNCTIONS.has(fn) && series.has(metric) && typeOf(metric) !== 'gauge',
        )
        .map(({ fn, metric }) => `${fn} of the ${typeOf(metric)} ${metric} (gauges only)`),
      ...reading.quantiles
        .filter(({ metric }) => !metric.endsWith('_bucket') || typeOf(metric) !== 'histogram')
        .map(({ metric }) => `histogram_quantile of ${metric}, not a histogram's _bucket`),
      ...reading.matchers
        .filter(({ metric, label }) => metric !== undefined && !carries([metric], label))
        .map(({ metric, label }) => `${metric} has no label ${label}`),
      ...reading.groupings.flatMap(({ labels, operands }) =>
        operands.flatMap((metrics) =>
          labels
            .filter((label) => !carries(metrics, label))
            .map((label) => `groups by ${label}, a label none of ${metrics.join(', ')} has`),
        ),
      ),
      ...reading.matchers
        .filter(({ label, op }) => (label === 'service' || label === 'job') && (op === '=' || op === '=~'))
        .flatMap(({ label, value }) =>
          value
            .split('|')
            .filter((name) => !services.includes(name))
            .map((name) => `${label}="${name}" is no app`),
        ),
    ].map((problem) => `${where}: ${problem}`);
  });
}
