// @ts-check
/** The BENCH_IMAGES_* knobs of the image phase (bench/images.js). See bench/README.md. */
import { enumVar, intVar } from './config.js';

/**
 * @typedef {object} ImagesConfig
 * @property {'on' | 'off' | 'only'} mode BENCH_IMAGES: after the HTTP scenarios, skipped, or alone
 * @property {number} count images per burst
 * @property {number} width of the generated JPEGs
 * @property {number} height
 * @property {number} rate requests per second of the light endpoint during every phase
 * @property {number} idleSec measured seconds of the idle phases
 * @property {number} uploadsInFlight uploads at a time
 * @property {number} saturationSec seconds of each saturating run (0 = no saturating runs)
 * @property {number} nice IMAGE_NICE of the worker
 * @property {'any' | 'api' | 'other'} workerCpu where the worker and its render processes may run:
 *   any CPU, only the API's, or only the other one (the load generator's)
 * @property {'own' | 'low'} group the worker's scheduling group: its own at the default weight,
 *   or its own at the weight of nice `nice` (see README, "Scheduling groups")
 * @property {number} burstTimeoutSec a burst that takes longer fails the phase
 */

/**
 * @param {Record<string, string | undefined>} env
 * @returns {ImagesConfig}
 */
export function readImagesConfig(env) {
  const mode = enumVar(env, 'BENCH_IMAGES', /** @type {const} */ (['on', 'off', 'only']), 'on');
  const size = env.BENCH_IMAGES_SIZE || '4000x3000';
  const match = /^(\d{2,5})x(\d{2,5})$/.exec(size);
  if (!match)
    throw new Error(`BENCH_IMAGES_SIZE must be WIDTHxHEIGHT, e.g. 4000x3000, got "${size}"`);
  const [width, height] = [Number(match[1]), Number(match[2])];
  // The API refuses more than IMAGE_MAX_PIXELS (50 MP by default).
  if (width * height > 50_000_000) throw new Error(`BENCH_IMAGES_SIZE ${size} is over 50 MP`);
  return {
    mode,
    count: intVar(env, 'BENCH_IMAGES_COUNT', 20, 1, 500),
    width,
    height,
    rate: intVar(env, 'BENCH_IMAGES_RATE', 200, 1, 5_000),
    idleSec: intVar(env, 'BENCH_IMAGES_IDLE', 10, 1, 600),
    uploadsInFlight: intVar(env, 'BENCH_IMAGES_UPLOADS', 2, 1, 64),
    saturationSec: intVar(env, 'BENCH_IMAGES_SATURATION', 5, 0, 600),
    nice: intVar(env, 'BENCH_IMAGES_NICE', 19, 0, 19),
    workerCpu: enumVar(
      env,
      'BENCH_IMAGES_WORKER_CPU',
      /** @type {const} */ (['any', 'api', 'other']),
      'any',
    ),
    group: enumVar(env, 'BENCH_IMAGES_GROUP', /** @type {const} */ (['own', 'low']), 'own'),
    burstTimeoutSec: intVar(env, 'BENCH_IMAGES_TIMEOUT', 120, 5, 3_600),
  };
}
