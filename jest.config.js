/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  setupFiles: ['<rootDir>/test/setup/load-nest-first.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup/openapi-response-check.ts'],
  // A failure bound, not a budget: a busy machine makes tests several times slower, and the
  // waits inside tests have their own deadlines that say what they were waiting for.
  testTimeout: 300_000,
  // One more worker than the 2 cores CI has: many tests spend seconds waiting (on a child
  // process, a timeout, a stalled job), and a third worker fills those waits. Quiet machine,
  // npm test wall time: 105 s with 2 workers, 91 s with 3.
  maxWorkers: 3,
};
