import { benchCommandLine } from '../lib/bench-args';
import { cpus, totalmem } from 'node:os';
import { type Percentiles } from '../bot/latency-percentiles.util';
import { machineFacts } from '../lib/machine-facts';
import {
  checkTarget,
  fixed,
  formatTable,
  formatTargets,
  thousands,
  writeJsonArtifact,
} from '../lib/report-table';
import { CALLS_PER_MOVE, type EmergencyResult } from './emergency.phase';
import { type HandoverBenchOptions } from './handover.bench';
import { type DbPerHandover, UNBOUNDED_HANDOVER, UNBOUNDED_SIMULATOR } from './handover-stack.phase';
import { type LatencyRun } from './latency.phase';

export const TARGETS = { p99Ms: 100, atRatePerSec: 50 } as const;

export interface HandoverReportInput {
  options: HandoverBenchOptions;
  args: readonly string[];
  started: Date;
  loadAtStart: number[];
  kafkaKind: string;
  builds: Record<string, string>;
  seedSec: number;
  baseline: LatencyRun;
  handover: LatencyRun;
  pendingAfterLatency: number;
  /** pg_stat_* over the handover run, per request (warm-up included), both effects settled. */
  dbPerHandover: DbPerHandover;
  emergency: EmergencyResult;
  profiles?: string;
}

export function printHandoverReport(input: HandoverReportInput): void {
  const { options, baseline, handover, emergency } = input;
  const ratio = (of: (p: Percentiles) => number): number => of(handover.latency) / of(baseline.latency);
  const latencyRow = (label: string, stats: Percentiles): string[] => [
    label,
    thousands(stats.count),
    fixed(stats.p50Ms),
    fixed(stats.p90Ms),
    fixed(stats.p99Ms),
    fixed(stats.maxMs),
  ];
  const latencyTable = formatTable(
    ['request published → update_categories at simulator', 'n', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'],
    [
      latencyRow('(a) baseline: kafkajs consumer + EngageClient', baseline.latency),
      latencyRow('(b) handover', handover.latency),
      [
        '(b)/(a)',
        '',
        fixed(
          ratio((p) => p.p50Ms),
          2,
        ),
        fixed(
          ratio((p) => p.p90Ms),
          2,
        ),
        fixed(
          ratio((p) => p.p99Ms),
          2,
        ),
        fixed(
          ratio((p) => p.maxMs),
          2,
        ),
      ],
      latencyRow('(b) − (a), ms', {
        count: Number.NaN,
        p50Ms: handover.latency.p50Ms - baseline.latency.p50Ms,
        p90Ms: handover.latency.p90Ms - baseline.latency.p90Ms,
        p99Ms: handover.latency.p99Ms - baseline.latency.p99Ms,
        maxMs: handover.latency.maxMs - baseline.latency.maxMs,
      }),
      latencyRow('  (a) produce ack (acks=all)', baseline.produceAck),
      latencyRow('  (b) produce ack (acks=all)', handover.produceAck),
      latencyRow('  (a) bench send lag behind schedule', baseline.sendLag),
      latencyRow('  (b) bench send lag behind schedule', handover.sendLag),
    ],
  );
  const runRow = (run: LatencyRun): string[] => [
    run.subject,
    thousands(run.measured),
    thousands(run.answered),
    thousands(run.measured - run.answered),
    String(run.publishErrors),
    Object.entries(run.calls)
      .map(([kind, statuses]) => `${kind} ${JSON.stringify(statuses)}`)
      .join('; '),
    fixed(run.drainSec, 2),
  ];
  const runTable = formatTable(
    [
      'run',
      'measured',
      'answered',
      'missing',
      'send errors',
      'calls to the simulator (status: count)',
      'drain s',
    ],
    [runRow(baseline), runRow(handover)],
  );
  const internals = handover.internals;
  const internalsTable =
    internals === undefined
      ? '  (handover /metrics not read)'
      : formatTable(
          ['(b) inside handover over the run, from its /metrics', 'count', 'mean ms'],
          [
            [
              `bot.events.v1 batch applied in its transaction (${fixed(internals.botRecords / internals.botBatches.count, 2)} records/batch)`,
              thousands(internals.botBatches.count),
              fixed(internals.botBatches.meanMs),
            ],
            [
              'update_categories attempt (HTTP call + marking it done)',
              thousands(internals.updateCategories.count),
              fixed(internals.updateCategories.meanMs),
            ],
            [
              'agent_note attempt (the intervention comment)',
              thousands(internals.agentNote.count),
              fixed(internals.agentNote.meanMs),
            ],
          ],
        );
  const cpuRow = (name: string): string[] => [
    name,
    fixed(baseline.cpu.processes[name === 'subject' ? 'relay' : name], 0),
    fixed(handover.cpu.processes[name === 'subject' ? 'handover' : name], 0),
    fixed(emergency.cpu.processes[name === 'subject' ? 'handover' : name], 0),
  ];
  const cpuTable = formatTable(
    ['CPU % of one core', '(a) baseline', '(b) handover', 'emergency'],
    [
      cpuRow('subject'),
      cpuRow('simulator'),
      cpuRow('broker'),
      cpuRow('gateway'),
      cpuRow('generator'),
      [
        'others (Postgres, other work on the machine)',
        fixed(baseline.cpu.othersPercent, 0),
        fixed(handover.cpu.othersPercent, 0),
        fixed(emergency.cpu.othersPercent, 0),
      ],
      [
        'machine busy % (all cores)',
        fixed(baseline.cpu.machineBusyPercent, 0),
        fixed(handover.cpu.machineBusyPercent, 0),
        fixed(emergency.cpu.machineBusyPercent, 0),
      ],
    ],
  );
  const ms = (value: number | undefined): string => (value === undefined ? 'n/a' : `${thousands(value)} ms`);
  const { budget } = emergency;
  const emergencyTable = formatTable(
    ['emergency (from POST /admin/emergency)', 'value'],
    [
      [
        'BOT threads handover knew (seeded, facts consumed in)',
        `${thousands(emergency.threads)} (${fixed(emergency.factsSec)} s)`,
      ],
      [
        'quota on handover and simulator',
        `${thousands(budget.calls)} calls per ${thousands(budget.windowMs)} ms`,
      ],
      ['gateway accepted the switch (202)', ms(emergency.acceptedMs)],
      ['decision transaction began (effect.created_at)', ms(emergency.decisionStartMs)],
      ['update_categories effects recorded', thousands(emergency.effectsRecorded)],
      [
        `decision transaction (ops.commands.v1 batch, ${thousands(emergency.decision.count)} batch)`,
        ms(emergency.decision.meanMs),
      ],
      ['first update_categories at the simulator', ms(emergency.firstCallMs)],
      [
        `call #${thousands(Math.min(budget.calls, emergency.threads))} (last of the first window)`,
        ms(emergency.lastOfFirstWindowMs),
      ],
      [`call #${thousands(budget.calls + 1)} (first after the window)`, ms(emergency.firstOfSecondWindowMs)],
      [
        `first-window throughput (calls/s); mean attempt ${fixed(emergency.calls.meanMs)} ms, EFFECT_CONCURRENCY 8`,
        fixed(emergency.burstPerSec),
      ],
      [
        `completion: ${thousands(emergency.threads)}th thread recategorized`,
        emergency.timedOut
          ? `NOT REACHED (${thousands(emergency.recategorized)} done)`
          : ms(emergency.completedMs),
      ],
      [
        'quota-bound minimum: floor((2N − 1) / calls) × window (a read and a write per move)',
        ms(emergency.minimumMs),
      ],
      ['actual / minimum', fixed(emergency.ratio, 2)],
      [
        'most calls in any sliding window (limit)',
        `${thousands(emergency.maxInWindow)} (${thousands(budget.calls)})`,
      ],
      ['update_categories by status', JSON.stringify(emergency.statuses)],
      ['429 answers', thousands(emergency.rateLimited)],
      ['other calls', JSON.stringify(emergency.otherCalls)],
    ],
  );
  const atRate = options.rate === TARGETS.atRatePerSec ? '' : ` (target is at ${TARGETS.atRatePerSec}/s)`;
  const checks = [
    checkTarget(
      `p99 bot.handover_requested → update_categories${atRate}`,
      handover.latency.p99Ms,
      '<=',
      TARGETS.p99Ms,
      ' ms',
    ),
    checkTarget('emergency: most calls in any window', emergency.maxInWindow, '<=', budget.calls),
    checkTarget('emergency: 429 answers', emergency.rateLimited, '<=', 0),
  ];
  const command = benchCommandLine('handover', input.args, options);
  const lines = [
    '',
    `handover bench: ${command.invoked}`,
    `  same as: ${command.explicit}`,
    `  ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, ${fixed(totalmem() / 1_073_741_824, 0)} GB, Node ${process.version}; load average at start ${input.loadAtStart.map((value) => fixed(value, 2)).join(' ')}`,
    `  Kafka ${input.kafkaKind} (dedicated broker), fresh database; builds: ${Object.entries(input.builds)
      .map(([app, build]) => `${app} ${build}`)
      .join('; ')}`,
    `  latency part: ${thousands(options.rate)} requests/s for ${options.warmup} s (warm-up, not measured) + ${options.duration} s, one new email (asynchronous) thread each, seeded in ${fixed(input.seedSec)} s;`,
    `  quota lifted so it is not what is measured: handover ENGAGE_CALLS_PER_WINDOW=${UNBOUNDED_HANDOVER.calls} per ${UNBOUNDED_HANDOVER.windowMs} ms, simulator ${UNBOUNDED_SIMULATOR.calls} per ${UNBOUNDED_SIMULATOR.windowMs} ms.`,
    '  The bench publishes bot.handover_requested itself (as bot-responder writes it, categories included) and times it from the',
    "  send call to the arrival of the thread's PUT update_categories at the simulator (its api-call log `at`). (a) is the least that",
    "  turns such a record into that call: a kafkajs consumer with handover's settings calling the same EngageClient, no DB, same",
    "  broker, simulator, threads and pace, on a topic of its own; (b) − (a) is handover's own cost (transaction, decision, ledger,",
    '  effect worker). Handover also leaves an agent note (intervention comment) per handover, after it.',
    '',
    latencyTable,
    '',
    runTable,
    '',
    internalsTable,
    `  Postgres per handover (pg_stat_* over ${thousands(input.dbPerHandover.handovers)} requests, both platform calls settled, the 1 s waiting-time job included): ${fixed(input.dbPerHandover.transactions)} transactions, ${fixed(input.dbPerHandover.rowsWritten)} rows written, ${fixed(input.dbPerHandover.rowsRead)} rows read;`,
    `  most read: ${Object.entries(input.dbPerHandover.tables)
      .map(
        ([name, table]) =>
          `${name} ${fixed(table.seqScans, 2)} seq scans (${fixed(table.seqRows)} rows) + ${fixed(table.indexScans, 2)} index scans (${fixed(table.indexRows)} rows)`,
      )
      .join('; ')}`,
    `  handover effects still pending when the latency part ended (waited up to 60 s for them): ${thousands(input.pendingAfterLatency)}`,
    '',
    cpuTable,
    '  (CPU over the publishing window, warm-up included; the emergency column from the switch to completion.)',
    '',
    emergencyTable,
    '  A fresh simulator and the same handover restarted with the test quota; the switch is scope "all" (source_ids null),',
    "  posted to the gateway, which puts emergency.switched on ops.commands.v1. The minimum lets the first window's calls",
    "  go at once and each later window's at its start; production quota (300 per 60 s for handover) would make it",
    `  ${thousands(Math.floor((emergency.threads * CALLS_PER_MOVE - 1) / 300) * 60)} s for ${thousands(emergency.threads)} threads.`,
    ...(input.profiles ? ['', `  CPU profiles of handover: ${input.profiles}`] : []),
    '',
    formatTargets(checks),
    '',
  ];
  const path = writeJsonArtifact('bench-handover.json', {
    bench: 'handover',
    started: input.started.toISOString(),
    command,
    machine: { ...machineFacts(), loadAtStart: input.loadAtStart, totalMemGb: totalmem() / 1_073_741_824 },
    options,
    builds: input.builds,
    quotas: { latency: { handover: UNBOUNDED_HANDOVER, simulator: UNBOUNDED_SIMULATOR }, emergency: budget },
    baseline,
    handover,
    ratios: {
      p50: ratio((p) => p.p50Ms),
      p90: ratio((p) => p.p90Ms),
      p99: ratio((p) => p.p99Ms),
    },
    pendingAfterLatency: input.pendingAfterLatency,
    dbPerHandover: input.dbPerHandover,
    emergency,
    targets: checks,
  });
  process.stdout.write(`${lines.join('\n')}figures written to ${path}\n`);
}
