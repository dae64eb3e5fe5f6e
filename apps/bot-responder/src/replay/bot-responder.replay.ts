import { replayProjection, type ReplayOptions, type ReplayReport } from '@handover/event-runtime';
import { createBotResponderApp } from '../bot-responder.app';
import { type BotResponderConfig } from '../config/bot-responder.config';
import { PROJECTION_TABLES } from '../projection';

/**
 * Rebuilds the projection from offset 0 into an empty schema with the projectors alone: decisions
 * come from bot.events.v1 instead of the bot, and no effect is ever run.
 */
export function replayBotResponder(
  config: BotResponderConfig,
  options: ReplayOptions = {},
): Promise<ReplayReport> {
  return replayProjection(
    {
      env: config.app,
      tables: PROJECTION_TABLES,
      createApp: (schema, groupId) => createBotResponderApp(config, { mode: 'replay', schema, groupId }),
    },
    options,
  );
}
