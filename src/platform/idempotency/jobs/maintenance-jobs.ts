/** Queue for periodic housekeeping, run by the worker. */
export const MAINTENANCE_QUEUE = 'maintenance';

export const PURGE_IDEMPOTENCY_KEYS = 'purge-idempotency-keys';

/** How often the purge runs; upserting the same scheduler id on every boot keeps one schedule. */
export const PURGE_EVERY_MS = 60 * 60 * 1000;
