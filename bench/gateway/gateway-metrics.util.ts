/** What the gateway's own /metrics says about a run: how long envelopes waited for Kafka, how late its event loop ran. */
export interface GatewayMetricsSnapshot {
  readonly publishSecondsSum: number;
  readonly publishCount: number;
  readonly eventLoopLagP99Sec?: number;
}

export async function scrapeGatewayMetrics(baseUrl: string): Promise<GatewayMetricsSnapshot | undefined> {
  try {
    const response = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5_000) });
    const text = await response.text();
    if (!response.ok) {
      return undefined;
    }
    return {
      publishSecondsSum: metricValue(text, 'gateway_kafka_publish_seconds_sum') ?? 0,
      publishCount: metricValue(text, 'gateway_kafka_publish_seconds_count') ?? 0,
      eventLoopLagP99Sec: metricValue(text, 'nodejs_eventloop_lag_p99_seconds'),
    };
  } catch {
    return undefined;
  }
}

/** Mean time an envelope waited for Kafka's acknowledgement between two scrapes. */
export function meanPublishMs(
  before?: GatewayMetricsSnapshot,
  after?: GatewayMetricsSnapshot,
): number | undefined {
  if (!before || !after || after.publishCount <= before.publishCount) {
    return undefined;
  }
  return (
    ((after.publishSecondsSum - before.publishSecondsSum) / (after.publishCount - before.publishCount)) *
    1_000
  );
}

function metricValue(text: string, name: string): number | undefined {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}
