import { tracingEnabled } from '@handover/observability';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type TransactionWrites, writesOf } from '../database/transaction-writes';
import { type CircuitState } from './circuit-breaker';
import { EffectExecutor, EffectFailure, EffectToRun } from './effect-executor';
import { attemptInSpan, noteAttemptFailure } from './effect-span';
import { backoffDelayMs } from '../runtime/backoff';
import { ClassifiedError, classifyError } from './effect-failure.util';
import { type CallPriority, type PlatformQuota } from '../quota/platform-quota';
import {
  ClaimedEffect,
  claimDueEffects,
  countDueEffects,
  markDone,
  markDoneAndClaimNext,
  markFailed,
  scheduleRetry,
} from './effect-store';
import { PlatformAdmission } from './platform-admission';
import {
  DEFAULT_EFFECT_WORKER_OPTIONS,
  EffectWorkerDeps,
  EffectWorkerLogger,
  EffectWorkerOptions,
} from './effect-worker-options';

export type Settlement = 'done' | 'failed' | 'retry' | 'lost';

/**
 * Runs recorded effects against the platform: claims due rows in a short transaction, calls the
 * executor outside any transaction, then settles the row (and the executor's follow-up writes) in one.
 */
export class EffectWorker {
  private readonly options: Required<EffectWorkerOptions>;
  private readonly executors = new Map<string, EffectExecutor>();
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly logger: EffectWorkerLogger;
  private readonly admission: PlatformAdmission;
  private readonly quota: PlatformQuota | undefined;
  /** The quota slots each effect in flight holds. */
  private readonly heldSlots = new Map<string, string[]>();
  private readonly inFlight = new Map<string, Promise<Settlement>>();
  private readonly inFlightKeys = new Set<string>();
  /** Effects whose end let another one run (a later effect of their sequence key, or onDone's own). */
  private readonly unblocking = new Set<string>();
  /** Effects run live (not by runOnce): their end may claim their sequence key's next one. */
  private readonly chained = new Set<string>();
  /** The next effect an ended one claimed with its own settling: started when it is out of the way. */
  private readonly successors = new Map<string, ClaimedEffect>();
  /** The most calls any executor makes in one run: what one claim must be able to spend. */
  private readonly maxCallsPerRun: number;
  private running = false;
  private pumping = false;
  private pumpAgain = false;
  private timer: NodeJS.Timeout | undefined;
  private pumpRun: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    executors: readonly EffectExecutor[],
    options: EffectWorkerOptions,
    private readonly deps: EffectWorkerDeps = {},
  ) {
    this.options = { ...DEFAULT_EFFECT_WORKER_OPTIONS, ...definedOnly(options) };
    for (const executor of executors) {
      if (this.executors.has(executor.kind)) {
        throw new Error(`Two effect executors for kind ${executor.kind}`);
      }
      this.executors.set(executor.kind, executor);
    }
    const { kinds } = this.options;
    const claimed = (kind: string): boolean =>
      'only' in kinds ? kinds.only.includes(kind) : !kinds.except.includes(kind);
    const unclaimed = [...this.executors.keys()].filter((kind) => !claimed(kind));
    if (unclaimed.length > 0) {
      throw new Error(`Effect executors for kinds this worker never claims: ${unclaimed.join(', ')}`);
    }
    this.maxCallsPerRun = Math.max(1, ...executors.map((executor) => executor.callsPerRun ?? 1));
    this.now = deps.now ?? (() => new Date());
    this.random = deps.random ?? Math.random;
    this.logger = deps.logger ?? nestLogger();
    this.admission = new PlatformAdmission(this.options, () => this.now().getTime());
    this.quota = deps.quota;
  }

  start(): void {
    if (this.running) {
      return;
    }
    this.running = true;
    this.schedule(0);
  }

  /** Stops claiming and waits for the calls in flight to settle. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.pumpRun;
    // An ending effect may have started the next one of its thread: wait for those too.
    while (this.inFlight.size > 0) {
      await Promise.allSettled([...this.inFlight.values()]);
    }
  }

  /** New effects were committed: look for due ones now rather than at the next poll. */
  wake(): void {
    if (!this.running) {
      return;
    }
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.schedule(0);
  }

  /** The kinds it claims (only its own), or `platform` for the worker of all but the lanes'. */
  get kinds(): readonly string[] {
    const { kinds } = this.options;
    return 'only' in kinds ? kinds.only : ['platform'];
  }

  circuitState(): CircuitState {
    return this.admission.circuitState();
  }

  /** One pass: claims what is due and free to run, waits for those calls; returns how many ended done or failed. */
  async runOnce(): Promise<number> {
    const claimed = await this.claim();
    const settlements = await Promise.all(claimed.map((effect) => this.launch(effect)));
    return settlements.filter((settlement) => settlement === 'done' || settlement === 'failed').length;
  }

  private schedule(delayMs: number): void {
    if (!this.running) {
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.pumpRun = this.pump();
    }, delayMs);
  }

  private async pump(): Promise<void> {
    this.timer = undefined;
    if (!this.running || this.pumping) {
      return;
    }
    this.pumping = true;
    this.pumpAgain = false;
    let claimedAll = false;
    try {
      const free = this.freeSlots();
      const claimed = await this.claim();
      // A full batch means more may be due right away.
      claimedAll = free > 0 && claimed.length === free;
      for (const effect of claimed) {
        this.launchLive(effect, claimedAll);
      }
    } catch (error) {
      this.logger.error('Effect worker could not claim effects', { error: describeError(error) });
    } finally {
      this.pumping = false;
    }
    if (this.pumpAgain || (claimedAll && this.freeSlots() > 0)) {
      this.schedule(0);
    } else if (!this.timer) {
      this.schedule(this.options.pollIntervalMs);
    }
  }

  private launchLive(effect: ClaimedEffect, claimedAll: boolean): void {
    this.chained.add(effect.id);
    void this.launch(effect).then((settlement) => {
      // Looking again costs a query: only when this end may have freed work. A failure ends a
      // sequence's blocker too; a full claim may have left due effects for the freed slot.
      const unblocked = this.unblocking.delete(effect.id) || settlement === 'failed';
      if (unblocked || claimedAll) {
        this.wake();
      }
      if (unblocked) {
        this.deps.afterCommit?.({ outbox: false, effects: true });
      }
    });
  }

  private freeSlots(): number {
    return Math.max(0, this.options.concurrency - this.inFlight.size);
  }

  private async claim(): Promise<ClaimedEffect[]> {
    const now = this.now();
    const admitted = this.admission.admit(this.freeSlots());
    if (admitted.count === 0) {
      if (admitted.retryInMs !== undefined) {
        this.schedule(admitted.retryInMs);
      }
      return [];
    }
    const claimed = this.quota
      ? await this.claimWithinQuota(this.quota, now, admitted.count)
      : await this.claimDue(now, admitted.count);
    this.admission.started(claimed.length);
    return claimed;
  }

  /**
   * High priority first, then low, each only as far as the shared quota grants slots: one slot per
   * call its executor makes (a reconcile lookup is one more, rarely). Slots not used are given back.
   */
  private async claimWithinQuota(quota: PlatformQuota, now: Date, runs: number): Promise<ClaimedEffect[]> {
    const due = await countDueEffects(this.dataSource.manager, {
      now,
      excludedKeys: [...this.inFlightKeys],
      limit: runs,
      kinds: this.options.kinds,
    });
    const claimed: ClaimedEffect[] = [];
    let retryInMs: number | undefined;
    for (const priority of ['high', 'low'] as const) {
      const wanted = Math.min(due[priority], runs - claimed.length);
      if (wanted === 0) {
        continue;
      }
      const grant = await quota.take(wanted * this.maxCallsPerRun, priority, this.options.leaseMs);
      const slots = [...grant.ids];
      const affordable = Math.floor(slots.length / this.maxCallsPerRun);
      const taken = affordable > 0 ? await this.claimDue(now, affordable, priority) : [];
      for (const effect of taken) {
        this.heldSlots.set(effect.id, slots.splice(0, this.callsOf(effect)));
      }
      await quota.giveBack(slots);
      claimed.push(...taken);
      if (affordable === 0) {
        retryInMs = grant.retryInMs;
      }
    }
    if (claimed.length === 0 && retryInMs !== undefined) {
      this.schedule(retryInMs);
    }
    return claimed;
  }

  // One statement, atomic on its own: no transaction around it (two round trips fewer per claim).
  private claimDue(now: Date, limit: number, priority?: CallPriority): Promise<ClaimedEffect[]> {
    return claimDueEffects(this.dataSource.manager, {
      now,
      excludedKeys: [...this.inFlightKeys],
      kinds: this.options.kinds,
      limit,
      leaseUntil: new Date(now.getTime() + this.options.leaseMs),
      priority,
    });
  }

  private callsOf(effect: ClaimedEffect): number {
    return this.executors.get(effect.kind)?.callsPerRun ?? 1;
  }

  /** The effect's calls are over: its quota slots count one more window from now. */
  private endSlots(id: string): void {
    const slots = this.heldSlots.get(id);
    if (!slots || !this.quota) {
      return;
    }
    this.heldSlots.delete(id);
    // If this fails, the slots count until their lease ends and a window more: the safe side.
    this.quota.end(slots).catch((error: unknown) =>
      this.logger.warn('Could not end quota slots; they count until their lease ends', {
        id,
        error: describeError(error),
      }),
    );
  }

  private launch(effect: ClaimedEffect): Promise<Settlement> {
    this.inFlightKeys.add(effect.sequenceKey);
    const started = Date.now();
    const run = this.run(effect).finally(() => {
      this.endSlots(effect.id);
      this.inFlight.delete(effect.id);
      this.inFlightKeys.delete(effect.sequenceKey);
      this.chained.delete(effect.id);
      const next = this.successors.get(effect.id);
      if (next) {
        this.successors.delete(effect.id);
        this.admission.started(1);
        this.launchLive(next, false);
      }
    });
    void run.then((settlement) =>
      this.deps.onSettled?.(effect.kind, settlement, (Date.now() - started) / 1000),
    );
    this.inFlight.set(effect.id, run);
    return run;
  }

  /** In a span of its own when tracing is on (one boolean asked otherwise). */
  private run(claimed: ClaimedEffect): Promise<Settlement> {
    return tracingEnabled() ? attemptInSpan(claimed, () => this.settle(claimed)) : this.settle(claimed);
  }

  private async settle(claimed: ClaimedEffect): Promise<Settlement> {
    try {
      return await this.attempt(claimed);
    } catch (error) {
      noteAttemptFailure('unsettled');
      // The row stays pending, outcome unknown, until its lease ends: then it is reconciled.
      this.logger.error('Effect could not be settled; it will be retried after its lease', {
        id: claimed.id,
        kind: claimed.kind,
        error: describeError(error),
      });
      return 'lost';
    }
  }

  private async attempt(claimed: ClaimedEffect): Promise<Settlement> {
    const effect: EffectToRun = {
      id: claimed.id,
      kind: claimed.kind,
      sequenceKey: claimed.sequenceKey,
      payload: claimed.payload,
      attempts: claimed.attempts,
      outcomeUnknown: claimed.wasUnknown,
    };
    const executor = this.executors.get(claimed.kind);
    if (!executor) {
      this.admission.neutral();
      const failure = { code: 'unknown_kind', message: `No effect executor for kind ${claimed.kind}` };
      return this.fail(effect, undefined, failure, claimed.wasUnknown);
    }
    let reconciling = false;
    let result: Record<string, unknown> | undefined;
    try {
      if (claimed.wasUnknown && executor.reconcile) {
        reconciling = true;
        result = await executor.reconcile(effect);
        reconciling = false;
      }
      result ??= await executor.execute(effect);
    } catch (error) {
      const failure = classifyError(error);
      // A failed lookup says nothing about the earlier attempt: it may still have been applied.
      const outcomeUnknown = reconciling || failure.outcomeUnknown;
      return this.failed(effect, executor, failure, outcomeUnknown);
    }
    this.admission.answered();
    return this.succeed(effect, executor, result);
  }

  private async succeed(
    effect: EffectToRun,
    executor: EffectExecutor,
    result: Record<string, unknown>,
  ): Promise<Settlement> {
    const now = this.now();
    const onDone = executor.onDone?.bind(executor);
    if (!onDone && this.mayStartNext(effect)) {
      // One statement settles this effect and claims its thread's next one, when due and admitted.
      const marked = await markDoneAndClaimNext(this.dataSource.manager, {
        id: effect.id,
        result,
        now,
        leaseUntil: new Date(now.getTime() + this.options.leaseMs),
        kinds: this.options.kinds,
      });
      if (marked.next) {
        this.successors.set(effect.id, marked.next);
      } else if (marked.unblocks) {
        this.unblocking.add(effect.id);
      }
      return 'done';
    }
    if (!onDone) {
      // Nothing else to write: one statement, no transaction round trips.
      const marked = await markDone(this.dataSource.manager, { id: effect.id, result, now });
      if (marked.unblocks) {
        this.unblocking.add(effect.id);
      }
      return 'done';
    }
    let wrote: TransactionWrites | undefined;
    const marked = await this.dataSource.transaction(async (manager) => {
      const done = await markDone(manager, { id: effect.id, result, now });
      if (done.settled) {
        await onDone(manager, effect, result);
        wrote = writesOf(manager);
      }
      return done;
    });
    if (wrote) {
      this.deps.afterCommit?.(wrote);
    }
    // onDone may record effects of its own (a routing decision): the worker looks again.
    if (marked.settled) {
      this.unblocking.add(effect.id);
    }
    return 'done';
  }

  /**
   * Live runs only, and only when the platform admits one more run in this one's place. Under a
   * shared quota the next run needs slots first: the end wakes the worker, whose claim takes them.
   */
  private mayStartNext(effect: EffectToRun): boolean {
    return !this.quota && this.running && this.chained.has(effect.id) && this.admission.admit(1).count === 1;
  }

  private async failed(
    effect: EffectToRun,
    executor: EffectExecutor,
    failure: ClassifiedError,
    outcomeUnknown: boolean,
  ): Promise<Settlement> {
    noteAttemptFailure(failure.code);
    if (!failure.retriable) {
      // A refusal proves the platform is answering.
      this.admission.answered();
      return this.fail(effect, executor, failure, outcomeUnknown);
    }
    // The rate limit is per token: a 429's Retry-After pauses every effect, not only this one.
    if (this.admission.failed(failure.retryAfterMs)) {
      this.logger.warn('Effect circuit opened: the platform keeps failing', {
        cooldownMs: this.options.circuitCooldownMs,
        code: failure.code,
      });
    }
    if (effect.attempts >= this.options.maxAttempts) {
      return this.fail(effect, executor, failure, outcomeUnknown);
    }
    const now = this.now();
    const delayMs = Math.max(
      backoffDelayMs(effect.attempts, this.options, this.random),
      failure.retryAfterMs ?? 0,
    );
    const lastError = formatError(failure);
    await this.dataSource.transaction((manager) =>
      scheduleRetry(manager, {
        id: effect.id,
        attempts: effect.attempts,
        outcomeUnknown,
        lastError,
        nextAttemptAt: new Date(now.getTime() + delayMs),
        now,
      }),
    );
    this.logger.warn('Effect attempt failed; retrying', {
      id: effect.id,
      kind: effect.kind,
      attempts: effect.attempts,
      delayMs,
      error: lastError,
    });
    return 'retry';
  }

  private async fail(
    effect: EffectToRun,
    executor: EffectExecutor | undefined,
    failure: Pick<ClassifiedError, 'code' | 'message' | 'status'>,
    outcomeUnknown: boolean,
  ): Promise<Settlement> {
    noteAttemptFailure(failure.code);
    const lastError = formatError(failure);
    const effectFailure: EffectFailure = {
      code: failure.code,
      message: failure.message,
      ...(failure.status === undefined ? {} : { status: failure.status }),
      attempts: effect.attempts,
    };
    const now = this.now();
    let wrote: TransactionWrites | undefined;
    const marked = await this.dataSource.transaction(async (manager) => {
      const updated = await markFailed(manager, {
        id: effect.id,
        attempts: effect.attempts,
        outcomeUnknown,
        lastError,
        now,
      });
      if (updated) {
        await executor?.onFailed?.(manager, effect, effectFailure);
        wrote = writesOf(manager);
      }
      return updated;
    });
    if (wrote) {
      this.deps.afterCommit?.(wrote);
    }
    if (marked) {
      this.logger.error('Effect failed for good', {
        id: effect.id,
        kind: effect.kind,
        sequenceKey: effect.sequenceKey,
        attempts: effect.attempts,
        outcomeUnknown,
        error: lastError,
      });
    }
    return 'failed';
  }
}

function formatError(failure: Pick<ClassifiedError, 'code' | 'message'>): string {
  return `${failure.code}: ${failure.message}`;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function definedOnly(options: EffectWorkerOptions): EffectWorkerOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

function nestLogger(): EffectWorkerLogger {
  const logger = new Logger(EffectWorker.name);
  // An object becomes the log record's own fields (nestjs-pino), queryable, with `msg` its message.
  const record = (message: string, context?: object): string | object =>
    context ? { msg: message, ...context } : message;
  return {
    log: (message, context) => logger.log(record(message, context)),
    warn: (message, context) => logger.warn(record(message, context)),
    error: (message, context) => logger.error(record(message, context)),
  };
}
