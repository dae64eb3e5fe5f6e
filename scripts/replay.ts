// `npm run replay -- <app>`: rebuilds an app's projection from offset 0 into a fresh schema,
// without running a single effect, and reports how it compares with the live tables. Reads the
// same environment variables as the app itself (DATABASE_URL, KAFKA_BROKERS, …).
import 'reflect-metadata';
import { ConfigValidationError } from '@handover/config';
import { loadBotResponderConfig } from '../apps/bot-responder/src/config/bot-responder.config';
import { replayBotResponder } from '../apps/bot-responder/src/replay/bot-responder.replay';
import { loadHandoverConfig } from '../apps/handover/src/config/handover.config';
import { replayHandover } from '../apps/handover/src/replay/handover.replay';
import { loadInterventionStatsConfig } from '../apps/intervention-stats/src/config/intervention-stats.config';
import { replayInterventionStats } from '../apps/intervention-stats/src/replay/intervention-stats.replay';

const APPS: Record<
  string,
  () => Promise<{ rebuiltSchema: string; seconds: number; differences: unknown[] }>
> = {
  'bot-responder': () => replayBotResponder(loadBotResponderConfig(process.env)),
  handover: () => replayHandover(loadHandoverConfig(process.env)),
  'intervention-stats': () => replayInterventionStats(loadInterventionStatsConfig(process.env)),
};

async function main(): Promise<number> {
  const name = process.argv[2];
  const replay = name === undefined ? undefined : APPS[name];
  if (!replay) {
    process.stderr.write(`usage: npm run replay -- <app>\napps: ${Object.keys(APPS).join(', ')}\n`);
    return 2;
  }
  const report = await replay();
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `replay failed: ${error instanceof ConfigValidationError ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
