import {
  type CanActivate,
  type CallHandler,
  Injectable,
  type NestInterceptor,
  Scope,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { APP_GUARD, ModulesContainer } from '@nestjs/core';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { of, type Observable } from 'rxjs';
import { ConsumedRecordContext } from './consumed-record.context';
import { findDirectHandlers } from './direct-dispatch';
import { KafkaController } from './kafka-controller.decorator';

const calls: unknown[][] = [];

class AllowAll implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}

class PassThrough implements NestInterceptor {
  intercept(_context: unknown, next: CallHandler): Observable<unknown> {
    return next.handle();
  }
}

@KafkaController()
class PlainController {
  @EventPattern(['plain.sync', 'plain.other'])
  onSync(@Payload() value: unknown, @Ctx() context: ConsumedRecordContext): void {
    calls.push([value, context]);
  }

  @EventPattern('plain.reversed')
  onReversed(@Ctx() context: ConsumedRecordContext, @Payload() value: unknown): void {
    calls.push([value, context]);
  }

  @EventPattern('plain.async')
  async onAsync(@Payload() value: unknown): Promise<void> {
    await Promise.resolve();
    calls.push([value]);
  }

  @EventPattern('plain.async-with-context')
  async onAsyncWithContext(@Payload() value: unknown, @Ctx() _context: ConsumedRecordContext): Promise<void> {
    await Promise.resolve();
    if (value === 'reject') {
      throw new RangeError('rejected');
    }
    calls.push([value]);
  }

  @EventPattern('plain.throws')
  onThrow(@Payload() _value: unknown, @Ctx() _context: ConsumedRecordContext): void {
    throw new RangeError('thrown');
  }

  @EventPattern('plain.observable')
  onObservable(@Payload() value: unknown, @Ctx() _context: ConsumedRecordContext): Observable<number> {
    calls.push([value]);
    return of(1, 2);
  }

  @EventPattern('plain.property')
  onProperty(@Payload('id') value: unknown, @Ctx() _context: ConsumedRecordContext): void {
    calls.push([value]);
  }

  @UseGuards(AllowAll)
  @EventPattern('plain.guarded')
  onGuarded(@Payload() value: unknown, @Ctx() _context: ConsumedRecordContext): void {
    calls.push([value]);
  }

  @MessagePattern('plain.message')
  onMessage(@Payload() value: unknown, @Ctx() _context: ConsumedRecordContext): void {
    calls.push([value]);
  }

  @EventPattern('shared')
  onSharedHere(@Payload() value: unknown, @Ctx() _context: ConsumedRecordContext): void {
    calls.push([value]);
  }
}

@KafkaController()
@UseInterceptors(PassThrough)
class InterceptedController {
  @EventPattern(['intercepted', 'shared'])
  onEvent(@Payload() value: unknown, @Ctx() _context: ConsumedRecordContext): void {
    calls.push([value]);
  }
}

// Above @KafkaController(): Controller() would reset the scope to the default.
@Injectable({ scope: Scope.REQUEST })
@KafkaController()
class RequestScopedController {
  @EventPattern('request-scoped')
  onEvent(@Payload() value: unknown, @Ctx() _context: ConsumedRecordContext): void {
    calls.push([value]);
  }
}

/** Nest's default exception filter would answer instead of rethrowing: not ours to bypass. */
@UseGuards()
class NotAKafkaController {
  @EventPattern('not-kafka')
  onEvent(@Payload() value: unknown, @Ctx() _context: ConsumedRecordContext): void {
    calls.push([value]);
  }
}

async function directHandlersOf(
  controllers: Array<new (...args: never[]) => unknown>,
  providers: Parameters<typeof Test.createTestingModule>[0]['providers'] = [],
) {
  const moduleRef = await Test.createTestingModule({ controllers, providers }).compile();
  return findDirectHandlers(moduleRef.get(ModulesContainer), undefined);
}

const context = new ConsumedRecordContext([undefined, undefined, undefined] as never);

describe('findDirectHandlers', () => {
  beforeEach(() => {
    calls.length = 0;
  });

  it('should call a plain handler with payload and context, synchronously, when it takes exactly both', async () => {
    const handlers = await directHandlersOf([PlainController]);

    expect(handlers.get('plain.sync')?.({ n: 1 }, context)).toBeUndefined();
    expect(handlers.get('plain.other')?.({ n: 2 }, context)).toBeUndefined();
    expect(handlers.get('plain.reversed')?.({ n: 3 }, context)).toBeUndefined();
    expect(calls).toEqual([
      [{ n: 1 }, context],
      [{ n: 2 }, context],
      [{ n: 3 }, context],
    ]);
  });

  it('should hand back a promise to await when the handler returns one, or an Observable', async () => {
    const handlers = await directHandlersOf([PlainController]);

    await handlers.get('plain.async-with-context')?.('async', context);
    await handlers.get('plain.observable')?.('observable', context);

    expect(calls).toEqual([['async'], ['observable']]);
  });

  it('should surface the handler error itself, thrown or rejected', async () => {
    const handlers = await directHandlersOf([PlainController]);

    expect(() => handlers.get('plain.throws')?.(1, context)).toThrow(new RangeError('thrown'));
    await expect(handlers.get('plain.async-with-context')?.('reject', context)).rejects.toThrow(
      new RangeError('rejected'),
    );
  });

  it('should leave to Nest a handler with other parameters, an enhancer, a reply, or a shared event type', async () => {
    const handlers = await directHandlersOf([PlainController, InterceptedController]);

    for (const eventType of [
      'plain.async',
      'plain.property',
      'plain.guarded',
      'plain.message',
      'intercepted',
      'shared',
    ]) {
      expect({ eventType, direct: handlers.has(eventType) }).toEqual({ eventType, direct: false });
    }
  });

  it('should leave to Nest a request-scoped controller and one not declared with @KafkaController()', async () => {
    const handlers = await directHandlersOf([RequestScopedController, NotAKafkaController]);

    expect([...handlers.keys()]).toEqual([]);
  });

  it('should call nothing directly when the app declares a global enhancer', async () => {
    const handlers = await directHandlersOf([PlainController], [{ provide: APP_GUARD, useClass: AllowAll }]);

    expect(handlers.size).toBe(0);
  });
});
