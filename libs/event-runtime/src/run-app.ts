import { ConfigValidationError } from '@handover/config';
import { type Tracing, listenHttp } from '@handover/observability';
import { Logger } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { startConsuming } from './runtime/start-consuming';

export interface RunAppOptions {
  /** For the startup error line. */
  name: string;
  /** Loads the config (throws ConfigValidationError naming every bad variable) and builds the app. */
  create(): Promise<{ app: NestFastifyApplication; port: number; host: string }>;
  /** Apps with an EventRuntime join their consumer group after HTTP is up. */
  consumes: boolean;
  /** Sets tracing up (startTracing) before the app is built; its spans are flushed after the app closed. */
  tracing?: () => Tracing;
}

/**
 * Every app's main: HTTP first, so liveness answers while a consumer waits to join its group (up
 * to a session timeout after a crash) and readiness (/health) tells the two apart; then the
 * consumer. The internal port (/metrics, /admin) listens right after the public one (ADR 0009).
 * SIGTERM/SIGINT close the app (consumer, in-flight platform calls, outbox producer), flush the
 * last spans and exit 0. A start that fails prints one line (a config error without any value) and exits 1.
 */
export function runApp(options: RunAppOptions): void {
  const start = async (): Promise<void> => {
    const tracing = options.tracing?.();
    const { app, port, host } = await options.create();
    if (tracing !== undefined) {
      new Logger('Tracing').log(tracing.summary);
    }
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        app
          .close()
          .then(() => tracing?.shutdown())
          .then(
            () => process.exit(0),
            () => process.exit(1),
          );
      });
    }
    await listenHttp(app, { port, host });
    if (options.consumes) {
      await startConsuming(app);
    }
  };
  start().catch((error: unknown) => {
    const reason =
      error instanceof ConfigValidationError ? error.message : error instanceof Error ? error.stack : error;
    process.stderr.write(`${options.name} failed to start: ${String(reason)}\n`);
    process.exit(1);
  });
}
