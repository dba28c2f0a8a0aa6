import { type AppConfig } from './app-config.js';
import { ConfigError, loadConfig, loadDatabaseConfig } from './load-config.js';

function orExit<T>(load: (env: NodeJS.ProcessEnv) => T): T {
  try {
    return load(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(
      `${error.message}\nSee .env.example for every variable and its default.\n`,
    );
    process.exit(78); // EX_CONFIG: lets supervisors tell a config error from a crash
  }
}

/**
 * Entry points call this once: it reads `process.env` (the only place that does) and
 * exits with a readable message when the environment is invalid.
 */
export const loadConfigOrExit = (): AppConfig => orExit(loadConfig);

/** For the migration CLI, which needs the database settings only. */
export const loadDatabaseConfigOrExit = (): AppConfig['database'] => orExit(loadDatabaseConfig);
