/** The shared broker of this test run, exported by test/infra/global-setup.ts (or `npm run infra:up`). */
export function testKafkaBrokers(): string[] {
  const brokers = (process.env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
  if (brokers.length === 0) {
    throw new Error(
      'KAFKA_BROKERS is not set. Integration and e2e tests get it from test/infra/global-setup.ts: run them ' +
        'with `jest --selectProjects int` (or e2e) and without HANDOVER_INFRA=none, or export it from `npm run infra:up`.',
    );
  }
  return brokers;
}
