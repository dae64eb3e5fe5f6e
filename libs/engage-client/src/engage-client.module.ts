import { HttpModule } from '@nestjs/axios';
import { type DynamicModule, type InjectionToken, Module, type ModuleMetadata } from '@nestjs/common';
import { ENGAGE_CLIENT_OPTIONS, type EngageClientOptions } from './engage-client.options';
import { EngageClient } from './engage.client';

export interface EngageClientModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  useFactory: (...deps: never[]) => EngageClientOptions | Promise<EngageClientOptions>;
}

/** The Engage REST adapter (STYLE.md rule 11): apps inject EngageClient and never call axios themselves. */
@Module({})
export class EngageClientModule {
  static forRootAsync(options: EngageClientModuleAsyncOptions): DynamicModule {
    return {
      module: EngageClientModule,
      imports: [...(options.imports ?? []), HttpModule],
      providers: [
        { provide: ENGAGE_CLIENT_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        EngageClient,
      ],
      exports: [EngageClient],
    };
  }
}
