import { WALKTHROUGH } from '../../apps/engage-simulator/src/platform/platform-seed';
import { freePort } from '../infra/free-port.util';
import { type AppProcess, spawnAppProcess } from '../support/app-process';
import { TEST_DASHBOARD_ENV } from '../support/dashboard-supervisor';
import { type HandoverStack, startHandoverStack } from '../support/handover-stack';

export type ConsumerApp = 'bot-responder' | 'handover' | 'intervention-stats' | 'availability-poller';

const ENTRIES: Record<ConsumerApp, string> = {
  'bot-responder': 'apps/bot-responder/src/main.ts',
  handover: 'apps/handover/src/main.ts',
  'intervention-stats': 'apps/intervention-stats/src/main.ts',
  'availability-poller': 'apps/availability-poller/src/main.ts',
};

/**
 * The whole service on real infrastructure: a Kafka broker of its own, Postgres, the RCED simulator
 * and the gateway in this process; `replicas` processes of each consumer app (so that killing one
 * makes its group rebalance onto the others) and one availability poller, each its own process.
 */
export interface ChaosStack {
  stack: HandoverStack;
  replicas(app: ConsumerApp): readonly AppProcess[];
  /** SIGKILLs replica `index` of `app` and starts a new one in its place. */
  killAndRestart(app: ConsumerApp, index: number): Promise<void>;
  /** SIGKILLs the broker, waits `downMs`, and starts it again on its data. */
  killBroker(downMs: number): Promise<void>;
  /** Every app process's last output, for a failure's message. */
  outputs(): string;
  /** App processes that exited without being killed by the chaos (each restarted), since the last call. */
  takeCrashes(): string[];
  close(): Promise<void>;
}

export async function startChaosStack(replicas: number): Promise<ChaosStack> {
  // RCED retries a failed delivery for hours (ENGAGE_API.md §1.5): here for about a minute, enough
  // to ride out a broker restart, where the tests' short schedule would drop the delivery.
  const stack = await startHandoverStack({
    SIMULATOR_WEBHOOK_RETRY_DELAYS_MS: '500,1000,2000,4000,8000,16000,32000',
  });
  const envs: Record<ConsumerApp, Record<string, string>> = {
    'bot-responder': { ...stack.botEnv, LOG_LEVEL: 'warn' },
    // Handovers are immediate here: the availability of agents is not what the chaos is about.
    handover: { ...stack.handoverEnv, HANDOVER_REALTIME_SOURCE_IDS: '', LOG_LEVEL: 'warn' },
    'intervention-stats': { ...stack.botEnv, ...TEST_DASHBOARD_ENV, LOG_LEVEL: 'warn' },
    'availability-poller': {
      ...stack.botEnv,
      AVAILABILITY_SOURCE_IDS: WALKTHROUGH.sourceId,
      LOG_LEVEL: 'warn',
    },
  };
  const counts: Record<ConsumerApp, number> = {
    'bot-responder': replicas,
    handover: replicas,
    'intervention-stats': replicas,
    'availability-poller': 1,
  };
  const processes: Record<ConsumerApp, AppProcess[]> = {
    'bot-responder': [],
    handover: [],
    'intervention-stats': [],
    'availability-poller': [],
  };
  const killed = new Set<AppProcess>();
  // A runner that dies must not leave apps behind (they would load the machine of the next run).
  process.once('exit', () =>
    Object.values(processes)
      .flat()
      .forEach((child) => child.child.kill('SIGKILL')),
  );
  const crashes: string[] = [];
  const earlierOutputs: string[] = [];
  let closing = false;
  const spawn = async (app: ConsumerApp, index: number): Promise<AppProcess> => {
    const child = spawnAppProcess(app, ENTRIES[app], envs[app], await freePort());
    await child.live();
    // An app that dies on its own is a finding: say so, keep its output, and start it again.
    void child.exit.then(async ({ code, signal }) => {
      if (closing || killed.has(child)) {
        return;
      }
      crashes.push(`${app} #${index} exited by itself (code ${code}, signal ${signal})`);
      earlierOutputs.push(`--- ${app} #${index} (crashed) ---\n${child.output().slice(-3_000)}`);
      processes[app][index] = await spawn(app, index);
    });
    return child;
  };
  for (const app of Object.keys(processes) as ConsumerApp[]) {
    for (let i = 0; i < counts[app]; i += 1) {
      processes[app].push(await spawn(app, i));
    }
  }
  const kafka = stack.kafka as typeof stack.kafka & { pid?: number };
  return {
    stack,
    replicas: (app) => processes[app],
    async killAndRestart(app, index) {
      const victim = processes[app][index];
      killed.add(victim);
      victim.child.kill('SIGKILL');
      await victim.exit;
      earlierOutputs.push(`--- ${app} #${index} (killed) ---\n${victim.output().slice(-3_000)}`);
      processes[app][index] = await spawn(app, index);
    },
    async killBroker(downMs) {
      if (typeof kafka.pid !== 'number') {
        throw new Error(`The ${kafka.kind} broker cannot be killed from here`);
      }
      process.kill(kafka.pid, 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await stack.kafka.resume();
    },
    outputs() {
      const current = (Object.keys(processes) as ConsumerApp[]).flatMap((app) =>
        processes[app].map((child, i) => `--- ${app} #${i} ---\n${child.output().slice(-3_000)}`),
      );
      return [...earlierOutputs.slice(-6), ...current].join('\n');
    },
    takeCrashes() {
      return crashes.splice(0);
    },
    async close() {
      closing = true;
      for (const child of Object.values(processes).flat()) {
        if (child.alive()) {
          child.child.kill('SIGTERM');
          await Promise.race([child.exit, new Promise((resolve) => setTimeout(resolve, 10_000))]);
          child.child.kill('SIGKILL');
        }
      }
      await stack.close();
    },
  };
}
