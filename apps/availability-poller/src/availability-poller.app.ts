import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServiceApp } from '@handover/observability';
import { AvailabilityPollerModule, type AvailabilityPollerRunOptions } from './availability-poller.module';
import { type AvailabilityPollerConfig } from './config/availability-poller.config';

/**
 * Builds availability-poller as production runs it (main.ts and tests): an HTTP app for health and
 * metrics whose poll timer starts when the app is initialised (listen or init).
 */
export function createAvailabilityPollerApp(
  config: AvailabilityPollerConfig,
  run: AvailabilityPollerRunOptions = {},
): Promise<NestFastifyApplication> {
  return createServiceApp(AvailabilityPollerModule.forRoot(config, run), {
    ...config.app,
    publicPort: config.app.PORT,
  });
}
