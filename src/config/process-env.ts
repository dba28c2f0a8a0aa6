import { existsSync } from 'node:fs';
import { type AppConfig } from './app-config.js';
import { ConfigError, loadConfig, loadDatabaseConfig } from './load-config.js';

let dotenvLoaded = false;

/**
 * The process environment, plus `.env` from the working directory when there is one (for local
 * development; variables already set win). This module is the only reader of `process.env`.
 */
export function processEnv(): NodeJS.ProcessEnv {
  if (!dotenvLoaded && existsSync('.env')) process.loadEnvFile('.env');
  dotenvLoaded = true;
  return process.env;
}

function orExit<T>(load: (env: NodeJS.ProcessEnv) => T): T {
  try {
    return load(processEnv());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(
      `${error.message}\nSee .env.example for every variable and its default.\n`,
    );
    process.exit(78); // EX_CONFIG: lets supervisors tell a config error from a crash
  }
}

/**
 * Entry points call this once and exit with a readable message when the environment is invalid.
 */
export const loadConfigOrExit = (): AppConfig => orExit(loadConfig);

/** For the migration CLI, which needs the database settings only. */
export const loadDatabaseConfigOrExit = (): AppConfig['database'] => orExit(loadDatabaseConfig);
