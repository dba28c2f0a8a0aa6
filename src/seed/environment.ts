import type { AppConfig } from '../config/app-config.js';
import { envSchema } from '../config/env.schema.js';
import { loadDatabaseConfigOrExit, processEnv } from '../config/process-env.js';

export interface SeedEnvironment {
  database: AppConfig['database'];
  isProduction: boolean;
}

/**
 * The database settings, and whether this is production (where seeding is refused). Not the
 * full loadConfigOrExit(): that demands the API's secrets, which seeding never uses.
 */
export function seedEnvironment(): SeedEnvironment {
  const database = loadDatabaseConfigOrExit(); // validates NODE_ENV too, exiting on a bad value
  const nodeEnv = envSchema.shape.NODE_ENV.parse(processEnv().NODE_ENV || undefined);
  return { database, isProduction: nodeEnv === 'production' };
}
