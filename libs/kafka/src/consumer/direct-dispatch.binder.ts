import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { type Subscription } from 'rxjs';
import { BatchedKafkaServer } from './batched-kafka.server';

/**
 * Hands each BatchedKafkaServer connected to this app (`app.connectMicroservice({strategy})`) the
 * app's modules, so it can call handlers directly (see direct-dispatch.ts). Nest announces every
 * connected server on the modules container's RPC target registry (a replay subject), so apps
 * need no wiring of their own: importing KafkaModule is enough.
 */
@Injectable()
export class DirectDispatchBinder implements OnModuleDestroy {
  private readonly subscription: Subscription;

  constructor(modules: ModulesContainer) {
    this.subscription = modules.getRpcTargetRegistry().subscribe((target) => {
      if (target instanceof BatchedKafkaServer) {
        target.bindModules(modules);
      }
    });
  }

  onModuleDestroy(): void {
    this.subscription.unsubscribe();
  }
}
