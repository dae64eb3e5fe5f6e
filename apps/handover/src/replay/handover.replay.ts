import { replayProjection, type ReplayOptions, type ReplayReport } from '@handover/event-runtime';
import { type HandoverConfig } from '../config/handover.config';
import { createHandoverApp } from '../handover.app';
import { PROJECTION_TABLES } from '../projection';

/**
 * Rebuilds handover's projection from offset 0 into an empty schema: RCED facts, availability and
 * switches from their topics, routing from handover.events.v1; nothing is decided, no call is made.
 */
export function replayHandover(config: HandoverConfig, options: ReplayOptions = {}): Promise<ReplayReport> {
  return replayProjection(
    {
      env: config.app,
      tables: PROJECTION_TABLES,
      createApp: (schema, groupId) => createHandoverApp(config, { mode: 'replay', schema, groupId }),
    },
    options,
  );
}
