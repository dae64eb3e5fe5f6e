/** Each consuming app's default DATABASE_SCHEMA (apps/<app>/src/config/<app>.config.ts). */
export const APP_SCHEMAS: Readonly<Record<string, string>> = {
  'bot-responder': 'bot_responder',
  handover: 'handover',
  'availability-poller': 'availability_poller',
  'intervention-stats': 'intervention_stats',
};
