/** Injection tokens for values built before the Nest container (config, Temporal connection). */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const TEMPORAL_CONNECTION = Symbol('TEMPORAL_CONNECTION');
