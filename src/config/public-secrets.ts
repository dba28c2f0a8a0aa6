/**
 * Every signing secret that appears anywhere in this repository: examples, tests, the fuzzer,
 * old defaults. They are public, so production refuses each of them (`load-config.ts`).
 * `test/security/api8-safe-defaults.e2e-spec.ts` scans the repository's files for
 * secret-looking literals and fails when one is missing here: add a new one in the same commit.
 */
export const PUBLIC_SECRETS: ReadonlySet<string> = new Set([
  // Former development default of JWT_SECRET (still in old .env files copied from .env.example).
  'dev-only-insecure-jwt-secret-change-me-000000',
  // Former fallback of docker/compose.yml.
  'local-compose-only-jwt-secret-never-deploy-0000',
  // Tests and the fuzzer.
  'test-only-public-jwt-secret-never-deploy-00000',
  'fuzzer-only-public-jwt-secret-never-deploy-000',
  'a-production-like-secret-of-48-characters-000000',
  'a-production-like-secret-for-this-test-only-0000',
  'key-a-secret-key-a-secret-key-a-secret-0000',
  'key-b-secret-key-b-secret-key-b-secret-0000',
  'guessed-secret-guessed-secret-guessed-000',
  'another-service-secret-that-is-long-enough-0000',
  'signing-secret-that-must-never-be-logged-0000',
  'old-key-secret-old-key-secret-old-key-secret',
  'new-key-secret-new-key-secret-new-key-secret',
  'lifetimes-secret-lifetimes-secret-lifetimes-0',
]);

/** True when `secret` is one of the repository's public secrets. */
export const isPublicSecret = (secret: string): boolean => PUBLIC_SECRETS.has(secret.trim());

/**
 * Fewer distinct characters than this is a pattern, not a secret: `'p'.repeat(40)` in a test,
 * `aaaa…`, `0101…`. A random 32-character base64url value has about 25.
 */
export const MIN_DISTINCT_CHARACTERS = 10;

export const hasTooLittleVariety = (secret: string): boolean =>
  new Set(secret).size < MIN_DISTINCT_CHARACTERS;
