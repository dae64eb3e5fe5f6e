import { type INestApplicationContext } from '@nestjs/common';
import { EventRuntime } from './event-runtime';

/** Joins the app's consumer group: after HTTP is up (runApp), or when a test or replay says so. */
export function startConsuming(app: INestApplicationContext): Promise<void> {
  return app.get(EventRuntime).startConsuming();
}
