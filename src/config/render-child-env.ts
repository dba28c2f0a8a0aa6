/*
 * The environment of a render child process (src/modules/images/processing/render-child.ts).
 *
 * That process parses attacker-supplied bytes with native code (libjpeg, libpng, libwebp,
 * libheif and aom), so it is handed nothing it does not need: none of the service's variables
 * (JWT_SECRET, DATABASE_URL, REDIS_URL, MEDIA_*, OTEL_* and its exporter headers...), since it
 * talks to nothing but its parent, over the IPC channel. What is kept is what the runtime and
 * its libraries read for themselves, none of it a credential:
 */
const NAMES = [
  // Locale and temporary directory: glib (under libvips) reads them; libvips may spill a large
  // image to a temporary file.
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'LC_MESSAGES',
  'TMPDIR',
  // Not used by the child itself; kept so it is an ordinary process to anyone inspecting it.
  'PATH',
  // The libuv thread pool sharp runs its work on.
  'UV_THREADPOOL_SIZE',
  // Where a libvips installed outside node_modules lives, and the allocator the parent runs
  // with (sharp recommends jemalloc or a small glibc arena count against fragmentation).
  'LD_LIBRARY_PATH',
  'LD_PRELOAD',
  'MALLOC_ARENA_MAX',
  'GLIBC_TUNABLES',
] as const;

// libvips's own tuning (VIPS_CONCURRENCY, VIPS_DISC_THRESHOLD...), and sharp's choice between its
// prebuilt libvips and a global one, which must be the parent's choice.
const PREFIXES = ['VIPS_', 'SHARP_'] as const;

// Deliberately absent: NODE_OPTIONS, which could preload the telemetry SDK (and with it the
// exporter's credentials) or any other module into the child; the pool sets its flags itself.

/** The allow-listed variables of `env`, and nothing else. */
export function renderChildEnv(env: Record<string, string | undefined>): Record<string, string> {
  const kept = Object.entries(env).filter(
    (entry): entry is [string, string] =>
      entry[1] !== undefined &&
      ((NAMES as readonly string[]).includes(entry[0]) ||
        PREFIXES.some((prefix) => entry[0].startsWith(prefix))),
  );
  return Object.fromEntries(kept);
}
