import { startedInfra } from './global-setup';

/** Stops exactly what global-setup.ts started; runs after failed runs too. */
export default async function globalTeardown(): Promise<void> {
  const started = startedInfra();
  const { kafka, postgres } = started;
  started.kafka = undefined;
  started.postgres = undefined;
  const results = await Promise.allSettled([kafka?.stop(), postgres?.stop()]);
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) {
    throw failure.reason;
  }
}
