/** `live` serves the API while it projects; `replay` only rebuilds the projection from the log. */
export type RuntimeMode = 'live' | 'replay';

export const RUNTIME_MODE = Symbol('RUNTIME_MODE');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const CONSUMER_GROUP = Symbol('CONSUMER_GROUP');
