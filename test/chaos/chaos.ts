// `npm run chaos [-- --short] [--seed N] [--only <fault prefix>]`: the whole service on real
// infrastructure under sustained customer traffic, one fault at a time; prints one table and exits
// non-zero on any message lost or answered twice, any 5xx to bad input, or a partition stalled
// longer than STALL_BOUND_MS.
import {
  FAULT_NAMES,
  FULL_RUN,
  SHORT_RUN,
  STALL_BOUND_MS,
  reportTable,
  runChaos,
  verdict,
} from './chaos-run';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const value = (flag: string): string | undefined => {
    const index = args.indexOf(flag);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const options = {
    ...(args.includes('--short') ? SHORT_RUN : FULL_RUN),
    ...(value('--seed') ? { seed: Number(value('--seed')) } : {}),
    only: args.flatMap((arg, i) => (args[i - 1] === '--only' ? [arg] : [])),
  };
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
  const started = Date.now();
  process.stderr.write(
    `chaos: seed ${options.seed}, ${options.messages} messages per fault, faults: ${FAULT_NAMES.join('; ')}\n`,
  );
  const reports = await runChaos(options, (line) => process.stderr.write(`${line}\n`));
  const failures = verdict(reports);
  process.stdout.write(
    `\n${reportTable(reports)}\n\nstall bound ${STALL_BOUND_MS / 1000} s; ${((Date.now() - started) / 1000).toFixed(0)} s in all\n`,
  );
  process.stdout.write(
    failures.length === 0
      ? 'PASS: no message lost or answered twice, no 5xx to bad input, no partition stalled past the bound\n'
      : `FAIL:\n- ${failures.join('\n- ')}\n`,
  );
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `chaos failed to run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(2);
  },
);
