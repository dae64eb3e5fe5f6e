import { ConfigValidationError } from '@handover/config';
import { loadInterventionStatsConfig } from './intervention-stats.config';

describe('loadInterventionStatsConfig', () => {
  const valid = { KAFKA_BROKERS: '127.0.0.1:9092', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/stats' };

  it('should apply the defaults', () => {
    expect(loadInterventionStatsConfig(valid)).toMatchObject({
      PORT: 3004,
      DATABASE_SCHEMA: 'intervention_stats',
      KAFKA_GROUP_ID: 'intervention-stats',
    });
  });

  it('should name a bad variable', () => {
    expect(() => loadInterventionStatsConfig({ ...valid, DATABASE_URL: 'mysql://x' })).toThrow(
      ConfigValidationError,
    );
    expect(() => loadInterventionStatsConfig({ ...valid, DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL/,
    );
  });
});
