/** Header names carried by every record we produce (values are UTF-8 strings). */
export const RECORD_HEADERS = {
  eventType: 'event-type',
  eventId: 'event-id',
  schemaVersion: 'schema-version',
  receivedAt: 'received-at',
} as const;
