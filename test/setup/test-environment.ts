/** The environment a test app or process starts from; tests override single variables. */
export function testEnv(): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: required('DATABASE_URL'),
    REDIS_URL: required('REDIS_URL'),
    REDIS_KEY_PREFIX: required('REDIS_KEY_PREFIX'),
    STORAGE_DIR: required('STORAGE_DIR'),
    LOG_LEVEL: 'silent',
    LOG_FORMAT: 'json',
    // Render children at nice 19 get almost no CPU while anything else runs, so image tests
    // would take minutes on a busy machine; no test is about the priority itself.
    IMAGE_NICE: '0',
    OTEL_SDK_DISABLED: 'true',
    // Metrics stay on (the code runs as in production) on ports the system picks, since
    // several apps and processes run at once.
    METRICS_PORT: '0',
    WORKER_METRICS_PORT: '0',
    // Explicit, so a token made by the in-process app verifies in a spawned API process and
    // back. Public (listed in src/config/public-secrets.ts): production refuses it.
    JWT_SECRET: 'test-only-public-jwt-secret-never-deploy-00000',
    // Every test client is 127.0.0.1: limits stay on, set where no ordinary test reaches them.
    // The security tests (test/security/) lower them for their own app.
    RATE_LIMIT_MAX: '1000000',
    AUTH_RATE_LIMIT_MAX: '1000000',
  };
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run tests through jest (global setup sets it)`);
  return value;
}
