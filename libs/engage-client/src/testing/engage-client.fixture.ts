import { METRICS_REGISTRY } from '@handover/observability';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { type Registry } from 'prom-client';
import { EngageClientModule } from '../engage-client.module';
import { type EngageClientOptions } from '../engage-client.options';
import { EngageClient } from '../engage.client';

export const TEST_TOKEN = 'tok-S3cr3t-9f8e7d6c5b4a';

export interface ClientFixture {
  client: EngageClient;
  /** Every wait the client asked for, in ms; nothing really waits. */
  close: () => Promise<void>;
}

@Global()
@Module({})
class TestMetricsModule {
  static with(registry: Registry): DynamicModule {
    const provider = { provide: METRICS_REGISTRY, useValue: registry };
    return { module: TestMetricsModule, providers: [provider], exports: [provider] };
  }
}

/** Builds the client through its Nest module, as an app would. */
export async function buildClient(
  options: Partial<EngageClientOptions> & { baseUrl: string },
  registry?: Registry,
): Promise<ClientFixture> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ...(registry ? [TestMetricsModule.with(registry)] : []),
      EngageClientModule.forRootAsync({
        useFactory: () => ({
          accessToken: TEST_TOKEN,
          authMode: 'bearer',
          timeoutMs: 2_000,
          ...options,
        }),
      }),
    ],
  }).compile();
  return { client: moduleRef.get(EngageClient), close: () => moduleRef.close() };
}
