import { adminActorOf } from '@handover/observability';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  UnauthorizedException,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { type FastifyRequest } from 'fastify';
import { type PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { discardEffect, retryEffect } from '../operations/effect-actions';
import {
  type EffectDetails,
  type EffectSummary,
  listFailedEffects,
  showEffect,
} from '../operations/failed-effects';
import { KafkaRecordLog } from '../operations/kafka-record-log';
import { type AuditEntry, type OpsRequest } from '../operations/ops-audit';
import {
  EffectListQuery,
  effectFilterOf,
  ParkedListQuery,
  parkedFilterOf,
  readOpsQuery,
} from '../operations/ops-list-query.dto';
import { type OpsScope } from '../operations/ops-scope';
import { type OpsSummary, summarizeOperations } from '../operations/ops-summary';
import { discardParkedRecord, retryParkedRecord } from '../operations/parked-actions';
import {
  listParkedRecords,
  type ParkedRecordDetails,
  type ParkedRecordView,
  showParkedRecord,
} from '../operations/parked-records';
import { type RecordCoordinates } from '../operations/record-log';
import { EventRuntime } from '../runtime/event-runtime';
import { parseOpsAction } from './ops-action.dto';
import { OpsSummaryQuery, ParkedShowQuery } from './ops-api-query.dto';
import { OperationErrorFilter } from './operation-error.filter';

type QueryParams = Record<string, unknown>;

/** A read of a parked record's value waits this long for Kafka, then shows the row without it. */
const RECORD_READ_TIMEOUT_MS = 10_000;

/**
 * `npm run ops` over HTTP (docs/operations.md), for the app's own runtime tables: the same library
 * functions, so a retried effect keeps its id and every action is audited with the admin token's
 * name as its actor. Mounted only with ADMIN_TOKENS (opsAdminControllers), served on the internal
 * port, authenticated before the body is read (registerAdminRequestHooks). Left out of an app's
 * public API document (intervention-stats' /docs).
 */
@ApiExcludeController()
@Controller('admin/ops')
@UseFilters(OperationErrorFilter)
export class OpsAdminHttpController {
  constructor(private readonly runtime: EventRuntime) {}

  @Get('summary')
  summary(@Query() given: QueryParams): Promise<OpsSummary> {
    return summarizeOperations(this.scope(), queryOf(OpsSummaryQuery, given).latest);
  }

  @Get('effects')
  async effects(@Query() given: QueryParams): Promise<{ effects: EffectSummary[] }> {
    const filter = effectFilterOf(queryOf(EffectListQuery, given));
    return { effects: await listFailedEffects(this.scope(), filter) };
  }

  @Get('effects/:id')
  effect(@Param('id') id: string): Promise<{ effect: EffectDetails; audit: AuditEntry[] }> {
    return showEffect(this.scope(), id);
  }

  @Post('effects/:id/retry')
  @HttpCode(200)
  async retryEffect(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() http: FastifyRequest,
  ): Promise<{ effect: EffectDetails }> {
    return { effect: await retryEffect(this.scope(), id, opsRequestOf(http, body)) };
  }

  @Post('effects/:id/discard')
  @HttpCode(200)
  async discardEffect(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() http: FastifyRequest,
  ): Promise<{ effect: EffectDetails }> {
    return { effect: await discardEffect(this.scope(), id, opsRequestOf(http, body)) };
  }

  @Get('parked')
  async parked(@Query() given: QueryParams): Promise<{ parked: ParkedRecordView[] }> {
    const filter = parkedFilterOf(queryOf(ParkedListQuery, given));
    return { parked: await listParkedRecords(this.scope(), filter) };
  }

  @Get('parked/:key')
  parkedRecord(@Param('key') key: string, @Query() given: QueryParams): Promise<ParkedRecordDetails> {
    if (queryOf(ParkedShowQuery, given).value !== true) {
      return showParkedRecord(this.scope(), key);
    }
    return this.withRecordLog((log) => showParkedRecord(this.scope(), key, log));
  }

  @Post('parked/:key/retry')
  @HttpCode(200)
  retryParked(
    @Param('key') key: string,
    @Body() body: unknown,
    @Req() http: FastifyRequest,
  ): Promise<{ record: ParkedRecordView; copy: RecordCoordinates }> {
    const by = opsRequestOf(http, body);
    const ledgerRetentionMs = this.runtime.env.LEDGER_RETENTION_MS;
    return this.withRecordLog((log) => retryParkedRecord(this.scope(), key, by, { log, ledgerRetentionMs }));
  }

  @Post('parked/:key/discard')
  @HttpCode(200)
  async discardParked(
    @Param('key') key: string,
    @Body() body: unknown,
    @Req() http: FastifyRequest,
  ): Promise<{ record: ParkedRecordView }> {
    return { record: await discardParkedRecord(this.scope(), key, opsRequestOf(http, body)) };
  }

  private scope(): OpsScope {
    const { dataSource } = this.runtime;
    const schema = (dataSource.options as PostgresConnectionOptions).schema;
    if (schema === undefined) {
      throw new Error('The runtime data source names no schema');
    }
    return { dataSource, schema };
  }

  /** The app's own Kafka client; a read joins a throwaway group of its own, as `npm run ops` does. */
  private async withRecordLog<T>(run: (log: KafkaRecordLog) => Promise<T>): Promise<T> {
    const log = new KafkaRecordLog(this.runtime.kafka, {
      groupIdPrefix: `${this.runtime.env.KAFKA_CLIENT_ID}-ops-read`,
      readTimeoutMs: RECORD_READ_TIMEOUT_MS,
    });
    try {
      return await run(log);
    } finally {
      await log.close();
    }
  }
}

function queryOf<T extends object>(schema: new () => T, given: QueryParams): T {
  const { query, problems } = readOpsQuery(schema, given);
  if (problems.length > 0) {
    throw new BadRequestException(problems.join('; '));
  }
  return query;
}

/** Who (the hooks' actor: the token's name) and why (the body): the audit row's actor and reason. */
function opsRequestOf(http: FastifyRequest, body: unknown): OpsRequest {
  const actor = adminActorOf(http);
  if (actor === undefined) {
    throw new UnauthorizedException('Missing or invalid admin token');
  }
  return { actor, reason: parseOpsAction(body).reason };
}
