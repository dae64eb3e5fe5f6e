/** Injection token of the app's prom-client Registry (one per app, so tests never share counters). */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
