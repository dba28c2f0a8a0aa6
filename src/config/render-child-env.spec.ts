import { describe, expect, it } from '@jest/globals';
import { renderChildEnv } from './render-child-env.js';

describe('renderChildEnv', () => {
  it('keeps the runtime and library variables, and drops every setting of the service', () => {
    const env = renderChildEnv({
      PATH: '/usr/bin:/bin',
      LANG: 'C.UTF-8',
      TMPDIR: '/tmp',
      VIPS_CONCURRENCY: '2',
      SHARP_IGNORE_GLOBAL_LIBVIPS: '1',
      UV_THREADPOOL_SIZE: '4',
      JWT_SECRET: 'x'.repeat(48),
      DATABASE_URL: 'postgres://user:password@db/conduit',
      REDIS_URL: 'redis://:password@cache:6379',
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer secret',
      NODE_OPTIONS: '--import ./dist/src/infra/telemetry/instrumentation.js',
      AWS_SECRET_ACCESS_KEY: 'secret',
      HOME: '/home/app',
      UNSET: undefined,
    });
    expect(env).toEqual({
      PATH: '/usr/bin:/bin',
      LANG: 'C.UTF-8',
      TMPDIR: '/tmp',
      VIPS_CONCURRENCY: '2',
      SHARP_IGNORE_GLOBAL_LIBVIPS: '1',
      UV_THREADPOOL_SIZE: '4',
    });
  });
});
