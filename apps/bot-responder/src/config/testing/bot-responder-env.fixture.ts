/** The variables bot-responder requires, with test values: every other one has its default. */
export const REQUIRED_BOT_RESPONDER_ENV = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/handover',
  ENGAGE_BASE_URL: 'https://example.api.engagement.dimelo.com/1.0',
  ENGAGE_API_TOKEN: 'secret-token-value',
  BOT_CATEGORY_ID: '5be59e0a13047d01f46caa62',
  AGENT_CATEGORY_ID: '5be59e1f13047d026b6ca8af',
  BOT_USER_ID: '5be1c0b4e20311250379c201',
};
