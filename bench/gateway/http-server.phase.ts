import { type Admin } from 'kafkajs';
import { type BenchLifecycle } from '../lib/bench-lifecycle';
import { type HttpLoadResult, runHttpLoad } from '../lib/http-load';
import { runPacedLoad } from '../lib/paced-load';
import { CpuMeter, type CpuReport, type MemoryReport, RssSampler } from '../lib/process-stats';
import { type ServerSpec, startServer } from '../lib/server-process';
import { ContentImportedFixture } from './content-imported.fixture';
import { meanPublishMs, scrapeGatewayMetrics } from './gateway-metrics.util';
import { highWaterMarks } from './topic-records.util';

export interface HttpPhaseOptions {
  readonly label: string;
  readonly server: ServerSpec;
  readonly connections: number;
  readonly warmupSec: number;
  readonly durationSec: number;
  /** autocannon, as fast as answered or at its overallRate; or evenly paced open-loop requests. */
  readonly generator: { kind: 'autocannon'; overallRate?: number } | { kind: 'paced'; ratePerSec: number };
  readonly secret: string;
  readonly brokerPid?: number;
  /** For the gateway: count what reached this topic during the phase and read its /metrics. */
  readonly kafka?: { admin: Admin; topic: string };
}

export interface HttpPhaseResult {
  readonly label: string;
  readonly connections: number;
  readonly generator: HttpPhaseOptions['generator'];
  readonly load: HttpLoadResult;
  readonly warmupOk: number;
  readonly cpu: CpuReport;
  readonly memory: MemoryReport;
  readonly delivery?: {
    /** Records the topic gained from before the warm-up until after the run. */
    readonly recordsWritten: number;
    /** 200 answers over warm-up and run: each promised a record stored in Kafka. */
    readonly accepted: number;
    readonly meanPublishMs?: number;
    readonly eventLoopLagP99Ms?: number;
  };
}

/**
 * One server, started fresh (so its peak RSS belongs to this phase alone), warmed up, then measured
 * while CPU and memory are sampled; stopped before the next phase starts.
 */
export async function runHttpPhase(
  lifecycle: BenchLifecycle,
  options: HttpPhaseOptions,
): Promise<HttpPhaseResult> {
  process.stderr.write(`• ${options.label}: starting\n`);
  const server = await startServer(lifecycle, options.server);
  const fixture = new ContentImportedFixture();
  const request = {
    url: `${server.baseUrl}/webhooks/engage`,
    connections: options.connections,
    headers: { 'content-type': 'application/json', 'x-dimelo-secret': options.secret },
    nextBody: () => fixture.nextBody(),
  };
  const { generator } = options;
  const load = (durationSec: number): Promise<HttpLoadResult> =>
    generator.kind === 'paced'
      ? runPacedLoad({ ...request, durationSec, ratePerSec: generator.ratePerSec })
      : runHttpLoad({ ...request, durationSec, overallRate: generator.overallRate });

  const rss = new RssSampler(server.pid);
  const offsetsBefore = options.kafka ? await highWaterMarks(options.kafka.admin, options.kafka.topic) : 0;
  const warmup = options.warmupSec > 0 ? await load(options.warmupSec) : undefined;
  const metricsBefore = options.kafka ? await scrapeGatewayMetrics(server.internalUrl) : undefined;
  process.stderr.write(`• ${options.label}: measuring for ${options.durationSec} s\n`);
  const cpu = new CpuMeter({ generator: process.pid, subject: server.pid, broker: options.brokerPid });
  const result = await load(options.durationSec);
  const cpuReport = cpu.finish();
  const metricsAfter = options.kafka ? await scrapeGatewayMetrics(server.internalUrl) : undefined;
  const memory = rss.finish();
  if (server.child.exit !== undefined) {
    throw server.child.failure(`${server.child.exit} during the run`);
  }
  if (result.ok === 0) {
    throw server.child.failure(
      `accepted no webhook (${JSON.stringify(result.statusCounts)}, ${result.errors} errors; first refusal: ${result.firstRefusal ?? 'none'})`,
    );
  }
  const delivery = options.kafka
    ? {
        recordsWritten: (await highWaterMarks(options.kafka.admin, options.kafka.topic)) - offsetsBefore,
        accepted: result.ok + (warmup?.ok ?? 0),
        meanPublishMs: meanPublishMs(metricsBefore, metricsAfter),
        eventLoopLagP99Ms:
          metricsAfter?.eventLoopLagP99Sec === undefined
            ? undefined
            : metricsAfter.eventLoopLagP99Sec * 1_000,
      }
    : undefined;
  await server.child.stop();
  return {
    label: options.label,
    connections: options.connections,
    generator,
    load: result,
    warmupOk: warmup?.ok ?? 0,
    cpu: cpuReport,
    memory,
    delivery,
  };
}
