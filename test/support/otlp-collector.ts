import { createServer, type IncomingHttpHeaders } from 'node:http';
import { type AddressInfo } from 'node:net';

/** One span as an OTLP/HTTP JSON export carried it, with its resource's service name. */
export interface CollectedSpan {
  service: string;
  traceId: string;
  spanId: string;
  /** Undefined for a trace's root. */
  parentSpanId?: string;
  name: string;
  kind: 'internal' | 'server' | 'client' | 'producer' | 'consumer' | 'unspecified';
  startNs: bigint;
  endNs: bigint;
  attributes: Record<string, string | number | boolean>;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  status: number;
}

export interface ExportRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

/**
 * A tiny OTLP/HTTP collector (https://opentelemetry.io/docs/specs/otlp/#otlphttp) that keeps the
 * spans of JSON exports in memory: POST /v1/traces, `application/json`, answered 200 `{}`.
 * Anything else is answered 415 or 404, as a collector would.
 */
export interface OtlpCollector {
  /** The base URL, for OTEL_EXPORTER_OTLP_ENDPOINT. */
  endpoint: string;
  spans: CollectedSpan[];
  requests: ExportRequest[];
  close(): Promise<void>;
}

const KINDS: readonly CollectedSpan['kind'][] = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}

interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes?: OtlpAttribute[];
  status?: { code?: number };
}

interface OtlpExport {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: Array<{ spans?: OtlpSpan[] }>;
  }>;
}

export async function startOtlpCollector(): Promise<OtlpCollector> {
  const spans: CollectedSpan[] = [];
  const requests: ExportRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/traces') {
        response.writeHead(404).end();
        return;
      }
      if (request.headers['content-type']?.split(';', 1)[0] !== 'application/json') {
        response.writeHead(415).end();
        return;
      }
      requests.push({ path: request.url, headers: request.headers });
      spans.push(...spansOf(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function spansOf(body: OtlpExport): CollectedSpan[] {
  return (body.resourceSpans ?? []).flatMap((resourceSpans) => {
    const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name'] ?? '?');
    return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span): CollectedSpan => ({
        service,
        traceId: span.traceId,
        spanId: span.spanId,
        ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
        name: span.name,
        kind: KINDS[span.kind] ?? 'unspecified',
        startNs: BigInt(span.startTimeUnixNano),
        endNs: BigInt(span.endTimeUnixNano),
        attributes: attributesOf(span.attributes),
        status: span.status?.code ?? 0,
      })),
    );
  });
}

function attributesOf(attributes: OtlpAttribute[] | undefined): Record<string, string | number | boolean> {
  const values: Record<string, string | number | boolean> = {};
  for (const { key, value } of attributes ?? []) {
    const scalar = value.stringValue ?? value.boolValue ?? value.doubleValue ?? value.intValue;
    if (scalar !== undefined) {
      values[key] = typeof scalar === 'string' && value.intValue !== undefined ? Number(scalar) : scalar;
    }
  }
  return values;
}

/** Attributes worth a glance in a printed tree (ids, never content), by the label they are shown with. */
const SHOWN: ReadonlyArray<[label: string, key: string]> = [
  ['status', 'http.response.status_code'],
  ['group', 'messaging.consumer.group.name'],
  ['key', 'messaging.kafka.message.key'],
  ['type', 'handover.event.type'],
  ['effect', 'handover.effect.id'],
  ['attempt', 'handover.effect.attempt'],
  ['outcome', 'handover.effect.outcome'],
  ['error', 'error.type'],
];

/**
 * The trace `traceId` as an indented tree, children in start order, one line per span: its name,
 * service and kind, when it started after the root, how long it took, a few ids.
 */
export function traceTree(spans: readonly CollectedSpan[], traceId: string): string {
  const own = spans.filter((span) => span.traceId === traceId);
  const ids = new Set(own.map((span) => span.spanId));
  const children = new Map<string | undefined, CollectedSpan[]>();
  for (const span of own) {
    const parent =
      span.parentSpanId !== undefined && ids.has(span.parentSpanId) ? span.parentSpanId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  for (const list of children.values()) {
    list.sort((a, b) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0));
  }
  const roots = children.get(undefined) ?? [];
  const origin = roots[0]?.startNs ?? 0n;
  const lines: string[] = [`trace ${traceId}`];
  const walk = (span: CollectedSpan, depth: number): void => {
    const at = Number(span.startNs - origin) / 1e6;
    const took = Number(span.endNs - span.startNs) / 1e6;
    const shown = SHOWN.filter(([, key]) => span.attributes[key] !== undefined)
      .map(([label, key]) => `${label}=${String(span.attributes[key])}`)
      .join(' ');
    const failed = span.status === 2 ? ' ERROR' : '';
    lines.push(
      `${'  '.repeat(depth)}${span.name}  [${span.service} ${span.kind}]  +${at.toFixed(1)} ms, ` +
        `${took.toFixed(1)} ms${failed}${shown ? `  ${shown}` : ''}`,
    );
    for (const child of children.get(span.spanId) ?? []) {
      walk(child, depth + 1);
    }
  };
  roots.forEach((root) => walk(root, 1));
  return lines.join('\n');
}
