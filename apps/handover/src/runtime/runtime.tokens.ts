/** `live` decides and runs effects; `replay` only rebuilds the projection from the log. */
export type RuntimeMode = 'live' | 'replay';

export const RUNTIME_MODE = Symbol('RUNTIME_MODE');
export const CLOCK = Symbol('CLOCK');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const ROUTING_POLICY = Symbol('ROUTING_POLICY');
export const CONSUMER_GROUP = Symbol('CONSUMER_GROUP');

export type Clock = () => Date;
