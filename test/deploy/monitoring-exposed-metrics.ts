import { type HttpServerEnv } from '@handover/config';
import { INTERNAL_PORT_OFFSET, METRICS_REGISTRY } from '@handover/observability';
import { type DynamicModule } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Counter, Gauge, Histogram, type Registry, Summary } from 'prom-client';
import { type DataSource } from 'typeorm';
import { AvailabilityPollerModule } from '../../apps/availability-poller/src/availability-poller.module';
import { loadAvailabilityPollerConfig } from '../../apps/availability-poller/src/config/availability-poller.config';
import { BotResponderModule } from '../../apps/bot-responder/src/bot-responder.module';
import { loadBotResponderConfig } from '../../apps/bot-responder/src/config/bot-responder.config';
import { REQUIRED_BOT_RESPONDER_ENV } from '../../apps/bot-responder/src/config/testing/bot-responder-env.fixture';
import { loadGatewayConfig } from '../../apps/gateway/src/config/gateway.config';
import { GatewayModule } from '../../apps/gateway/src/gateway.module';
import { loadHandoverConfig } from '../../apps/handover/src/config/handover.config';
import { HandoverModule } from '../../apps/handover/src/handover.module';
import { loadInterventionStatsConfig } from '../../apps/intervention-stats/src/config/intervention-stats.config';
import { InterventionStatsModule } from '../../apps/intervention-stats/src/intervention-stats.module';

/** What one app serves at /metrics: its `service` label and every series name, by metric type. */
export interface ExposedMetrics {
  service: string;
  internalPort: number;
  /** Series names as Prometheus stores them (a histogram's `_bucket`, `_sum`, `_count`). */
  series: ReadonlyMap<string, Series>;
}

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';

/** A series' metric type and labels: its metric's, `le` on a bucket, `quantile` on a summary. */
export interface Series {
  type: MetricType;
  labels: readonly string[];
}

/** A production app as main.ts builds it: its module, and the port its /metrics is served on. */
export interface AppUnderTest {
  module: () => DynamicModule;
  internalPort: number;
}

type HttpPorts = Pick<HttpServerEnv, 'INTERNAL_PORT'> & { PORT: number };

function app(ports: HttpPorts, module: () => DynamicModule): AppUnderTest {
  return { module, internalPort: ports.INTERNAL_PORT ?? ports.PORT + INTERNAL_PORT_OFFSET };
}

/** Each production app, configured with the variables it requires and the defaults of the others. */
export function productionApps(): AppUnderTest[] {
  const gateway = loadGatewayConfig({
    KAFKA_BROKERS: REQUIRED_BOT_RESPONDER_ENV.KAFKA_BROKERS,
    ENGAGE_VERIFY_TOKEN: 'verify-token',
    ENGAGE_WEBHOOK_SECRET: 'webhook-secret',
  });
  const bot = loadBotResponderConfig(REQUIRED_BOT_RESPONDER_ENV);
  const handover = loadHandoverConfig(REQUIRED_BOT_RESPONDER_ENV);
  const poller = loadAvailabilityPollerConfig({
    ...REQUIRED_BOT_RESPONDER_ENV,
    AVAILABILITY_SOURCE_IDS: '5be1c0b4e20311250379c101',
  });
  const stats = loadInterventionStatsConfig({
    KAFKA_BROKERS: REQUIRED_BOT_RESPONDER_ENV.KAFKA_BROKERS,
    DATABASE_URL: REQUIRED_BOT_RESPONDER_ENV.DATABASE_URL,
  });
  return [
    app(gateway, () => GatewayModule.forRoot(gateway)),
    app(bot.app, () => BotResponderModule.forRoot(bot)),
    app(handover.app, () => HandoverModule.forRoot(handover)),
    app(poller.app, () => AvailabilityPollerModule.forRoot(poller)),
    app(stats, () => InterventionStatsModule.forRoot(stats)),
  ];
}

/**
 * A DataSource that answers every query with no rows and runs transactions and query runners on
 * itself: enough for
 * the apps' providers to be built (they read nothing at construction that changes their metrics).
 */
export function inertDataSource(): DataSource {
  const inert: DataSource = new Proxy({} as DataSource, {
    get: (_target, property) => {
      if (property === 'then') {
        return undefined;
      }
      if (property === 'transaction') {
        return (work: (manager: unknown) => unknown) => Promise.resolve(work(inert));
      }
      if (property === 'createQueryRunner') {
        // A query runner is the data source again: connect, query and release answer nothing.
        return () => inert;
      }
      return () => Promise.resolve([]);
    },
  });
  return inert;
}

/**
 * Builds an app's module as main.ts does and reads the registry its /metrics serves. compile() runs
 * no lifecycle hook, so nothing connects to Kafka; the spec replaces the two functions that open
 * Postgres by inertDataSource (jest.mock). Every other provider is production code, the metric
 * classes and the prefixes each app gives them included.
 */
export async function exposedMetrics({ module, internalPort }: AppUnderTest): Promise<ExposedMetrics> {
  const built = await Test.createTestingModule({ imports: [module()] }).compile();
  try {
    const registry = built.get<Registry>(METRICS_REGISTRY);
    return { service: await serviceLabel(registry), internalPort, series: seriesOf(registry) };
  } finally {
    await built.close();
  }
}

function seriesOf(registry: Registry): Map<string, Series> {
  const series = new Map<string, Series>();
  for (const metric of registry.getMetricsAsArray()) {
    const type = typeOf(metric);
    const labels = (metric as { labelNames?: readonly string[] }).labelNames ?? [];
    const suffixes: ReadonlyArray<[string, readonly string[]]> =
      type === 'histogram'
        ? [
            ['_bucket', ['le']],
            ['_sum', []],
            ['_count', []],
          ]
        : type === 'summary'
          ? [
              ['', ['quantile']],
              ['_sum', []],
              ['_count', []],
            ]
          : [['', []]];
    for (const [suffix, added] of suffixes) {
      series.set(`${metric.name}${suffix}`, { type, labels: [...labels, ...added] });
    }
  }
  return series;
}

function typeOf(metric: object): MetricType {
  if (metric instanceof Counter) {
    return 'counter';
  }
  if (metric instanceof Gauge) {
    return 'gauge';
  }
  if (metric instanceof Histogram) {
    return 'histogram';
  }
  if (metric instanceof Summary) {
    return 'summary';
  }
  throw new Error(`Unknown metric type: ${metric.constructor.name}`);
}

/** The registry's default `service` label, as it appears on every series it serves. */
async function serviceLabel(registry: Registry): Promise<string> {
  const text = await registry.getSingleMetricAsString('process_start_time_seconds');
  const service = /service="([^"]+)"/.exec(text)?.[1];
  if (service === undefined) {
    throw new Error('The registry serves no service label');
  }
  return service;
}
