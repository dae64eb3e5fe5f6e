import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type FastifyInstance } from 'fastify';
import { Logger } from 'nestjs-pino';
import { hardenHttp, httpServerOptions } from '@handover/observability';
import { type SimulatorConfig } from './config/simulator.config';
import { EngagePlatform } from './platform/engage-platform.model';
import { randomIds } from './platform/id-generator';
import { type PlatformSeed, walkthroughSeed } from './platform/platform-seed';
import { type Clock, type IdGenerator } from './platform/platform.types';
import { ApiCallLog } from './rest/api-call.log';
import { mergeApiParams, parseFormBody } from './rest/api-params.util';
import { apiTokenOf } from './rest/api-token.util';
import { EngageErrorFilter } from './rest/engage-error.filter';
import { type ApiTokens } from './rest/simulator.tokens';
import { SlidingWindowRateLimiter } from './rest/sliding-window.rate-limiter';
import { SimulatorModule } from './simulator.module';
import { WebhookDelivery } from './webhooks/webhook-delivery';
import { FaultPlan } from './faults/fault-plan';
import { registerFaultHooks } from './faults/fault.hooks';
import { parseScenario } from './scenarios/scenario.parser';
import { ScenarioRunner } from './scenarios/scenario.runner';

export interface SimulatorAdapters {
  clock?: Clock;
  ids?: IdGenerator;
}

/** Builds the simulator exactly as main.ts runs it; the tests start it here too. */
export async function createSimulatorApp(
  config: Readonly<SimulatorConfig>,
  seed: PlatformSeed = walkthroughSeed(),
  adapters: SimulatorAdapters = {},
): Promise<NestFastifyApplication> {
  const clock = adapters.clock ?? (() => new Date());
  const ids = adapters.ids ?? randomIds();
  const platform = new EngagePlatform(
    clock,
    ids,
    {
      strictReplies: config.SIMULATOR_STRICT_REPLIES,
      eventCategoryIds: config.SIMULATOR_EVENT_CATEGORY_IDS,
    },
    seed,
  );
  const calls = new ApiCallLog();
  const runtime = {
    config,
    platform,
    tokens: apiTokens(config.SIMULATOR_TOKENS, seed),
    limiter: new SlidingWindowRateLimiter(
      { limit: config.SIMULATOR_RATE_LIMIT_PER_MINUTE, windowMs: config.SIMULATOR_RATE_LIMIT_WINDOW_MS },
      clock,
    ),
    calls,
    faults: new FaultPlan(),
  };
  const http = { ...config, publicPort: config.SIMULATOR_PORT };
  const app = await NestFactory.create<NestFastifyApplication>(
    SimulatorModule.forRoot(runtime),
    new FastifyAdapter(httpServerOptions(http)),
    {
      bufferLogs: true,
      bodyParser: false,
    },
  );
  hardenHttp(app, http);
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new EngageErrorFilter());
  registerHooks(app.getHttpAdapter().getInstance(), calls, runtime.tokens);
  registerFaultHooks(app.getHttpAdapter().getInstance(), runtime.faults);
  if (config.SIMULATOR_SCENARIO) {
    const scenario = parseScenario(
      readFileSync(config.SIMULATOR_SCENARIO, 'utf8'),
      config.SIMULATOR_SCENARIO,
    );
    const logger = new NestLogger('Scenario');
    runWhileServing(
      app.getHttpAdapter().getInstance(),
      new ScenarioRunner(platform, scenario, (problem) => logger.warn(problem)),
    );
  }
  if (config.SIMULATOR_WEBHOOK_URL) {
    runWhileServing(
      app.getHttpAdapter().getInstance(),
      new WebhookDelivery(platform.state.outbox, ids, {
        url: config.SIMULATOR_WEBHOOK_URL,
        verifyToken: config.SIMULATOR_WEBHOOK_VERIFY_TOKEN,
        secret: config.SIMULATOR_WEBHOOK_SECRET,
        domainId: config.SIMULATOR_DOMAIN_ID,
        maxEventsPerEnvelope: config.SIMULATOR_WEBHOOK_MAX_EVENTS_PER_ENVELOPE,
        retryDelaysMs: config.SIMULATOR_WEBHOOK_RETRY_DELAYS_MS,
        duplicateRate: config.SIMULATOR_WEBHOOK_DUPLICATE_RATE,
        outOfOrder: config.SIMULATOR_WEBHOOK_OUT_OF_ORDER,
        handDelivered: platform.state.handDelivered,
      }),
    );
  }
  return app;
}

/** `token` acts as the seed's first user; `token:userId` as that user, who must be in the seed. */
function apiTokens(entries: readonly string[], seed: PlatformSeed): ApiTokens {
  const userIds = new Set((seed.users ?? []).map((user) => user.id));
  const fallback = seed.users?.[0]?.id;
  return new Map(
    entries.map((entry) => {
      const [token, userId = fallback] = entry.split(':');
      if (userId === undefined || !userIds.has(userId)) {
        throw new Error(
          `SIMULATOR_TOKENS: an entry names a user that is not in the seed (${userId ?? 'none'})`,
        );
      }
      return [token, userId];
    }),
  );
}

/** Delivery and scenarios run while the server does: from ready to close. */
function runWhileServing(fastify: FastifyInstance, worker: { start(): void; stop(): void }): void {
  fastify.addHook('onReady', (done) => {
    worker.start();
    done();
  });
  fastify.addHook('onClose', (_instance, done) => {
    worker.stop();
    done();
  });
}

/** Secrets never leave in clear, the simulator's own included: the control API is readable by anyone who can reach it. */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 12);
}

function registerHooks(fastify: FastifyInstance, calls: ApiCallLog, tokens: ApiTokens): void {
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, parseFormBody(String(body))),
  );
  fastify.addHook('onResponse', (request, reply, done) => {
    const path = request.url.split('?')[0];
    if (path.startsWith('/1.0/')) {
      const token = apiTokenOf(request);
      const userId = token === undefined ? undefined : tokens.get(token);
      calls.record({
        method: request.method,
        path,
        params: mergeApiParams(request.query, request.body),
        status: reply.statusCode,
        // An unknown token is not echoed: only the configured ones are worth counting.
        token_fingerprint: userId === undefined || token === undefined ? null : tokenFingerprint(token),
        user_id: userId ?? null,
        at: Math.round(Date.now() - reply.elapsedTime),
      });
    }
    done();
  });
}
