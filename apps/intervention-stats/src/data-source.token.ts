/** The statistics' database, for the HTTP queries (the EventRuntime owns it). */
export const DATA_SOURCE = Symbol('DATA_SOURCE');
