import { ConfigValidationError, loadConfig } from '@handover/config';
import {
  discardEffect,
  discardParkedRecord,
  KafkaRecordLog,
  listFailedEffects,
  listParkedRecords,
  OperationError,
  type OpsRequest,
  type OpsScope,
  retryEffect,
  retryParkedRecord,
  showEffect,
  showParkedRecord,
} from '@handover/event-runtime';
import { createKafkaClient, kafkaConnectionOf, KafkaEnv } from '@handover/kafka';
import { type OpsCommand, OpsUsageError, parseOpsArgs, USAGE } from './ops.args';
import { openOpsScope } from './ops.database';
import { actorOf, OpsEnv, redact, secretsOf } from './ops.env';
import { effectsTable, json, parkedTable } from './ops.format';

type Env = Record<string, string | undefined>;

export interface OpsIo {
  out(text: string): void;
  err(text: string): void;
}

/** Runs one command line; returns the exit code (0 done, 1 refused or failed). */
export async function runOps(argv: readonly string[], env: Env, io: OpsIo): Promise<number> {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  try {
    const command = parseOpsArgs(argv);
    const config = loadConfig(OpsEnv, env);
    const scope = await openOpsScope(config.DATABASE_URL, command.app, command.schema);
    try {
      const by = (reason: string): OpsRequest => ({ actor: actorOf(config, env), reason });
      io.out(await execute(command, scope, by, { env, ledgerRetentionMs: config.LEDGER_RETENTION_MS }));
    } finally {
      await scope.dataSource.destroy();
    }
    return 0;
  } catch (error) {
    io.err(`ops: ${redact(describe(error), secretsOf(env))}\n`);
    if (error instanceof OpsUsageError) {
      io.err('Run `npm run ops -- --help` for the commands and their options.\n');
    }
    return 1;
  }
}

async function execute(
  command: OpsCommand,
  scope: OpsScope,
  by: (reason: string) => OpsRequest,
  kafka: { env: Env; ledgerRetentionMs: number },
): Promise<string> {
  switch (command.kind) {
    case 'effects list': {
      const effects = await listFailedEffects(scope, command.filter);
      return command.json ? json(effects) : effectsTable(effects);
    }
    case 'effects show':
      return json(await showEffect(scope, command.id));
    case 'effects retry': {
      const effect = await retryEffect(scope, command.id, by(command.reason));
      const first = effect.outcomeUnknown
        ? 'its last call may have reached the platform, so the worker looks for it before calling again'
        : 'the worker calls the platform again';
      return command.json ? json(effect) : `Effect ${effect.id} is pending again, due now: ${first}.\n`;
    }
    case 'effects discard': {
      const effect = await discardEffect(scope, command.id, by(command.reason));
      return command.json ? json(effect) : `Effect ${effect.id} is discarded: no worker will run it.\n`;
    }
    case 'parked list': {
      const records = await listParkedRecords(scope, command.filter);
      return command.json ? json(records) : parkedTable(records);
    }
    case 'parked show':
      if (!command.withValue) {
        return json(await showParkedRecord(scope, command.id));
      }
      return withRecordLog(kafka.env, async (log) => json(await showParkedRecord(scope, command.id, log)));
    case 'parked retry':
      return withRecordLog(kafka.env, async (log) => {
        const retried = await retryParkedRecord(scope, command.id, by(command.reason), {
          log,
          ledgerRetentionMs: kafka.ledgerRetentionMs,
        });
        const { topic, partition, offset } = retried.copy;
        return command.json
          ? json(retried)
          : `Parked record ${retried.record.key} is published again at ${topic}/${partition}@${offset}; ` +
              `${retried.record.consumer} applies it when it gets there.\n`;
      });
    case 'parked discard': {
      const parked = await discardParkedRecord(scope, command.id, by(command.reason));
      return command.json
        ? json(parked)
        : `Parked record ${parked.key} is discarded: it leaves the open list.\n`;
    }
  }
}

async function withRecordLog<T>(env: Env, run: (log: KafkaRecordLog) => Promise<T>): Promise<T> {
  const kafkaEnv = loadConfig(KafkaEnv, env);
  const kafka = createKafkaClient(kafkaConnectionOf(kafkaEnv, 'ops'));
  const log = new KafkaRecordLog(kafka, { groupIdPrefix: `${kafkaEnv.KAFKA_CLIENT_ID}-ops-read` });
  try {
    return await run(log);
  } finally {
    await log.close();
  }
}

function describe(error: unknown): string {
  if (
    error instanceof OperationError ||
    error instanceof OpsUsageError ||
    error instanceof ConfigValidationError
  ) {
    return error.message;
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
