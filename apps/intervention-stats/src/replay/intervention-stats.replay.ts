import { replayProjection, type ReplayOptions, type ReplayReport } from '@handover/event-runtime';
import { type InterventionStatsConfig } from '../config/intervention-stats.config';
import { createInterventionStatsApp } from '../intervention-stats.app';
import { PROJECTION_TABLES } from '../projection';

/** Rebuilds the statistics from offset 0 into an empty schema and compares them with the live ones. */
export function replayInterventionStats(
  config: InterventionStatsConfig,
  options: ReplayOptions = {},
): Promise<ReplayReport> {
  return replayProjection(
    {
      env: config,
      tables: PROJECTION_TABLES,
      createApp: (schema, groupId) => createInterventionStatsApp(config, { mode: 'replay', schema, groupId }),
    },
    options,
  );
}
