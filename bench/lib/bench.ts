import { type FlagSpec } from './bench-args';

/** What bench/run.ts dispatches to: `npm run bench -- <name> [flags]`. */
export interface Bench {
  readonly flags: Readonly<Record<string, FlagSpec>>;
  /** Resolves with the process exit code; throws BenchUsageError for a wrong command line. */
  run(args: readonly string[]): Promise<number>;
}
