// Run (b) of the replay rate, as its own process with bot-responder's own environment:
// replayBotResponder rebuilds the projection into a fresh schema and compares it with the live one.
import 'reflect-metadata';
import { loadBotResponderConfig } from '../../apps/bot-responder/src/config/bot-responder.config';
import { replayBotResponder } from '../../apps/bot-responder/src/replay/bot-responder.replay';

export interface BotReplayReport {
  seconds: number;
  consumeSeconds: number;
  differences: unknown[];
  rebuiltSchema: string;
}

async function main(): Promise<void> {
  const report = await replayBotResponder(loadBotResponderConfig(process.env));
  const result: BotReplayReport = {
    seconds: report.seconds,
    consumeSeconds: report.consumeSeconds,
    differences: report.differences,
    rebuiltSchema: report.rebuiltSchema,
  };
  process.send?.(result);
  process.disconnect?.();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `bot-responder replay failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  });
}
