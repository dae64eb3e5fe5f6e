import {
  APP_FILTER,
  APP_GUARD,
  APP_INTERCEPTOR,
  APP_PIPE,
  MetadataScanner,
  type ModulesContainer,
} from '@nestjs/core';
import {
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  INTERCEPTORS_METADATA,
  PIPES_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { RpcParamtype } from '@nestjs/microservices/enums/rpc-paramtype.enum';
import { PatternHandler } from '@nestjs/microservices/enums/pattern-handler.enum';
import {
  PATTERN_HANDLER_METADATA,
  PATTERN_METADATA,
  TRANSPORT_METADATA,
} from '@nestjs/microservices/constants';
import { isObservable, lastValueFrom } from 'rxjs';
import { type ConsumedRecordContext } from './consumed-record.context';
import { RethrowRpcExceptionFilter } from './rethrow-rpc-exception.filter';

/** Calls one handler: undefined when it returned synchronously, else what to await. */
export type DirectHandler = (value: unknown, context: ConsumedRecordContext) => Promise<void> | undefined;

type Method = (...args: unknown[]) => unknown;

/**
 * Why this exists: Nest's RPC dispatch (context creation, pipes, guards, interceptors, exception
 * filters, a Promise and an Observable per call, with async-hooks tracking of each) costs about
 * 4 µs per record, which is most of a projection's CPU in the stats bench (nestjs/nest#9455 for
 * why we run our own batched transport at all). Most of our handlers use none of it, so for those
 * the server calls the controller's method itself.
 *
 * An event type is called directly only when exactly one `@EventPattern` handler takes it, on a
 * static (not request-scoped) controller whose only enhancer is the RethrowRpcExceptionFilter of
 * `@KafkaController()` (which hands errors back unchanged), and whose parameters are exactly
 * `@Payload()` and `@Ctx()` with no property or pipe. Anything else keeps Nest's pipeline.
 * Global enhancers cannot be seen from here except as `APP_*` providers, whose presence turns
 * direct dispatch off; enhancers added with `useGlobal*()` on the connected microservice are not
 * seen at all (no app does that: add one, and stop binding the server in DirectDispatchBinder).
 */
export function findDirectHandlers(
  modules: ModulesContainer,
  transportId: unknown,
): ReadonlyMap<string, DirectHandler> {
  const found = new Map<string, DirectHandler | null>();
  if (declaresGlobalEnhancers(modules)) {
    return new Map();
  }
  const scanner = new MetadataScanner();
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (instance === undefined || instance === null) {
        continue;
      }
      const isStatic = wrapper.isDependencyTreeStatic();
      for (const methodKey of scanner.getAllMethodNames(Object.getPrototypeOf(instance) as object)) {
        const method = instance[methodKey] as Method;
        const handlerType: unknown = Reflect.getMetadata(PATTERN_HANDLER_METADATA, method);
        const transport: unknown = Reflect.getMetadata(TRANSPORT_METADATA, method);
        if (handlerType === undefined || !servedBy(transport, transportId)) {
          continue;
        }
        const direct =
          isStatic && handlerType === PatternHandler.EVENT
            ? directHandler(instance, methodKey, method)
            : null;
        for (const pattern of (Reflect.getMetadata(PATTERN_METADATA, method) ?? []) as unknown[]) {
          // Several handlers of one event type run concurrently under Nest (forkJoin): keep that.
          const key = typeof pattern === 'string' ? pattern : JSON.stringify(pattern);
          found.set(key, found.has(key) || typeof pattern !== 'string' ? null : direct);
        }
      }
    }
  }
  return new Map([...found].filter((entry): entry is [string, DirectHandler] => entry[1] !== null));
}

/** Nest's own rule (ListenersController): no transport declared, or this server's. */
function servedBy(transport: unknown, transportId: unknown): boolean {
  return transport === undefined || transportId === undefined || transport === transportId;
}

function declaresGlobalEnhancers(modules: ModulesContainer): boolean {
  const globals = [APP_GUARD, APP_PIPE, APP_INTERCEPTOR, APP_FILTER];
  for (const module of modules.values()) {
    for (const token of module.providers.keys()) {
      if (typeof token === 'string' && globals.some((global) => token.startsWith(global))) {
        return true;
      }
    }
  }
  return false;
}

function directHandler(
  instance: Record<string, unknown>,
  methodKey: string,
  method: Method,
): DirectHandler | null {
  const controller = instance.constructor;
  const enhanced = [GUARDS_METADATA, INTERCEPTORS_METADATA, PIPES_METADATA].some(
    (key) => isDeclared(Reflect.getMetadata(key, controller)) || isDeclared(Reflect.getMetadata(key, method)),
  );
  const classFilters: unknown = Reflect.getMetadata(EXCEPTION_FILTERS_METADATA, controller);
  const onlyOurFilter =
    Array.isArray(classFilters) &&
    classFilters.length === 1 &&
    classFilters[0] === RethrowRpcExceptionFilter &&
    !isDeclared(Reflect.getMetadata(EXCEPTION_FILTERS_METADATA, method));
  const payloadFirst = payloadThenContext(Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, methodKey));
  if (enhanced || !onlyOurFilter || payloadFirst === undefined) {
    return null;
  }
  return payloadFirst
    ? (value, context) => settle(method.call(instance, value, context))
    : (value, context) => settle(method.call(instance, context, value));
}

function isDeclared(metadata: unknown): boolean {
  return Array.isArray(metadata) ? metadata.length > 0 : metadata !== undefined;
}

/**
 * true for `(@Payload() value, @Ctx() context)`, false for the reverse order, undefined for any
 * other parameters (a payload property, a pipe, a custom decorator, a third parameter, none).
 */
function payloadThenContext(routeArgs: unknown): boolean | undefined {
  if (typeof routeArgs !== 'object' || routeArgs === null) {
    return undefined;
  }
  const args = Object.entries(
    routeArgs as Record<string, { index: number; data?: unknown; pipes?: unknown[] }>,
  );
  const plain = (type: RpcParamtype) =>
    args.find(
      ([key, arg]) =>
        key === `${type}:${arg.index}` && arg.data === undefined && (arg.pipes ?? []).length === 0,
    )?.[1].index;
  const payload = plain(RpcParamtype.PAYLOAD);
  const context = plain(RpcParamtype.CONTEXT);
  if (args.length !== 2 || payload === undefined || context === undefined || payload + context !== 1) {
    return undefined;
  }
  return payload === 0;
}

/**
 * What Nest would wait for: a promise, and an Observable (returned, or resolved by the promise).
 * A handler that returned synchronously costs no promise; one that threw has thrown already.
 */
function settle(result: unknown): Promise<void> | undefined {
  if (isObservable(result)) {
    return lastValueFrom(result, { defaultValue: undefined }).then(() => undefined);
  }
  if (isThenable(result)) {
    return Promise.resolve(result).then((resolved) => settle(resolved));
  }
  return undefined;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
