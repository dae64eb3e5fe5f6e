// `npm run bench -- <name> [flags]`: runs one bench by name; without a known name, lists them (exit 2).
import { BenchUsageError, describeFlags } from './lib/bench-args';
import { type Bench } from './lib/bench';

const BENCHES: Readonly<Record<string, { summary: string; load: () => Promise<Bench> }>> = {
  gateway: {
    summary: 'the webhook gateway against bare Fastify and a raw kafkajs producer',
    load: async () => (await import('./gateway/gateway.bench')).gatewayBench,
  },
  bot: {
    summary: 'customer message → bot reply latency through the whole stack, and the replay rate',
    load: async () => (await import('./bot/bot.bench')).botBench,
  },
  handover: {
    summary:
      'bot.handover_requested → update_categories latency against a bare relay, and the paced emergency',
    load: async () => (await import('./handover/handover.bench')).handoverBench,
  },
  stats: {
    summary:
      'intervention-stats projecting 1,000,000 events against a raw kafkajs consumer, and the analytics API p99',
    load: async () => (await import('./stats/stats.bench')).statsBench,
  },
};

function usage(): string {
  const names = Object.entries(BENCHES).map(([name, { summary }]) => `  ${name.padEnd(12)} ${summary}`);
  return ['usage: npm run bench -- <name> [flags]', '', 'benches:', ...names].join('\n');
}

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  const entry = name !== undefined && Object.hasOwn(BENCHES, name) ? BENCHES[name] : undefined;
  if (!entry) {
    process.stderr.write(
      `${name === undefined ? 'No bench named' : `Unknown bench "${name}"`}.\n${usage()}\n`,
    );
    return 2;
  }
  const bench = await entry.load();
  try {
    return await bench.run(args);
  } catch (error) {
    if (error instanceof BenchUsageError) {
      process.stderr.write(
        `${error.message}\nusage: npm run bench -- ${name} [flags]\n${describeFlags(bench.flags)}\n`,
      );
      return 2;
    }
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
