// `npm run ops -- <app> <effects|parked> <list|show|retry|discard> …`: what operators do with the
// platform calls given up for good and the records a consumer parked, each action audited in the
// app's ops_audit table (docs/operations.md). Reads DATABASE_URL, and KAFKA_* for parked records'
// values and retries, as the apps read them. Exit 0 when done, 1 when refused or failed.
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { runOps } from './ops/ops.main';

// kafkajs's warnings would go to stdout, between the lines of a --json answer.
Logger.overrideLogger(['error']);

runOps(process.argv.slice(2), process.env, {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`ops failed: ${error instanceof Error ? error.name : typeof error}\n`);
    process.exit(1);
  },
);
