import type { AppDataSourceOptions } from '@handover/event-runtime';
import { type DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from './test-database';

/**
 * An integration spec's own database with an app's schema migrated in it, for the whole describe
 * block (opened before its tests, dropped after them). The returned function gives the data source.
 */
export function useTestSchema(options: Omit<AppDataSourceOptions, 'url'>): () => DataSource {
  let database: TestDatabase | undefined;
  let dataSource: DataSource | undefined;
  beforeAll(async () => {
    // Loaded here, not at the top: the benches load test-infra without the app libraries.
    const { openAppDataSource } = await import('@handover/event-runtime');
    database = await createTestDatabase();
    dataSource = await openAppDataSource({ url: database.url, ...options });
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });
  return () => {
    if (dataSource === undefined) {
      throw new Error('useTestSchema: the data source is opened in beforeAll');
    }
    return dataSource;
  };
}
