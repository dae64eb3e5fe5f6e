import { type EffectSummary, listFailedEffects } from './failed-effects';
import { type OpsScope, qualified } from './ops-scope';
import { listParkedRecords, type ParkedRecordView, selectParked } from './parked-records';

/** What needs an operator: effects given up on and records parked, counted, with the latest of each. */
export interface OpsSummary {
  effects: { failed: number; failedByKind: Record<string, number>; latestFailed: EffectSummary[] };
  parked: { open: number; openByConsumer: Record<string, number>; latestOpen: ParkedRecordView[] };
}

export async function summarizeOperations(scope: OpsScope, latest: number): Promise<OpsSummary> {
  const failedByKind = await countsBy(
    scope,
    `SELECT kind AS name, count(*)::int AS n FROM ${qualified(scope, 'effect')}
     WHERE status = 'failed' GROUP BY kind`,
  );
  const openByConsumer = await countsBy(
    scope,
    `SELECT consumer AS name, count(*)::int AS n FROM (${selectParked(scope)}) parked
     WHERE state = 'open' GROUP BY consumer`,
  );
  const none = latest === 0;
  return {
    effects: {
      failed: total(failedByKind),
      failedByKind,
      latestFailed: none ? [] : await listFailedEffects(scope, { limit: latest }),
    },
    parked: {
      open: total(openByConsumer),
      openByConsumer,
      latestOpen: none ? [] : await listParkedRecords(scope, { limit: latest }),
    },
  };
}

async function countsBy(scope: OpsScope, sql: string): Promise<Record<string, number>> {
  const rows: Array<{ name: string; n: number }> = await scope.dataSource.query(`${sql} ORDER BY name`);
  return Object.fromEntries(rows.map((row) => [row.name, row.n]));
}

function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}
