// @ts-check
/**
 * The image phase of `npm run bench` (BENCH_IMAGES; see bench/README.md, "Image phase").
 *
 * The claim under test: image processing in the worker's low-priority render processes does
 * not show in the API's latency. While bursts of large uploads are processed, a light endpoint
 * (GET /health/live) is probed at a fixed rate, and its p99 is compared with the same API idle
 * and with a control where the API renders the uploads itself (IMAGE_PROCESSING=inline).
 * Job throughput is measured with one and two jobs at a time, and a saturating run (wrk) gives
 * the endpoint's throughput idle, during a worker burst and during the control.
 *
 * Phases, in order, each with the probe running for its whole window:
 *   API (queue) + worker (IMAGE_CONCURRENCY=1): idle, [idle saturating run], burst
 *   worker restarted with IMAGE_CONCURRENCY=2:  burst, [burst under a saturating run]
 *   API (inline), no worker:                    idle, burst, [burst under a saturating run]
 * Every burst uploads the same N images as a newly registered user: the job id is derived from
 * the owner and the content, so each burst is new work, and every burst is the same work.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { registerUser } from './lib/fixtures.js';
import { generateImages } from './lib/images-generate.js';
import { cpuSnapshot, otherWork, treeCpuMs } from './lib/images-cpu.js';
import { detectRealtime, startProbe, startUploader, startWorker } from './lib/images-processes.js';
import { columns, fixed, times, windowStats } from './lib/images-report.js';
import { runLoad } from './lib/load.js';
import { summarizeLog } from './lib/logs.js';
import { LOADGEN_CPU, SERVER_CPU } from './lib/processes.js';
import {
  databaseUrl,
  deleteRedisKeys,
  dropDatabase,
  recreateDatabase,
  runMigrations,
} from './lib/resources.js';
import { apiEnv, startApi } from './lib/servers.js';

/** The light endpoint: the whole HTTP stack (Fastify, Nest, telemetry), no I/O, not logged. */
const PROBE_PATH = '/health/live';
const UPLOAD_PATH = '/api/user/image';
/** The probe runs this long before a window opens, so that its connection is warm. */
const PROBE_LEAD_MS = 1_000;
const POLL_MS = 100;
const JPEG_QUALITY = 92;

const now = () => performance.timeOrigin + performance.now();

/** @param {unknown} error */
const messageOf = (error) => (error instanceof Error ? error.message : String(error));

/**
 * @typedef {object} PhaseContext
 * @property {import('./lib/config.js').BenchConfig} config
 * @property {import('./lib/images-config.js').ImagesConfig} images
 * @property {import('./lib/load.js').LoadGenerator} generator
 * @property {import('./lib/processes.js').Pinning} pinning
 * @property {string} rootDir
 * @property {string} tmpDir logs go here; the images and the storage go in a subfolder removed afterwards
 * @property {AbortSignal} signal
 * @property {(line: string) => void} log
 * @property {string} [otlpEndpoint] where the API and the worker export sampled spans
 */

/**
 * One measured window of the probe, with what else happened in it.
 * @typedef {object} Phase
 * @property {string} name
 * @property {'idle' | 'burst'} kind
 * @property {'queue' | 'inline'} processing
 * @property {number | undefined} concurrency IMAGE_CONCURRENCY of the worker (queue only)
 * @property {import('./lib/images-report.js').WindowStats} probe the whole window
 * @property {import('./lib/images-report.js').WindowStats | undefined} uploadsWindow from the
 *   first upload to the last answer (worker bursts)
 * @property {import('./lib/images-report.js').WindowStats | undefined} jobsWindow from the last
 *   upload's answer to the last job's completion (worker bursts): processing only
 * @property {Burst | undefined} burst
 * @property {{ apiMs: number | undefined, workerMs: number | undefined, otherShare: number, otherTop: string[] } | undefined} cpu
 *   CPU time in the window: the API process, the worker with its render processes, and the share
 *   of all CPUs that went to processes outside the run (with the busiest of them)
 */

/**
 * @typedef {object} Burst
 * @property {number} images
 * @property {number} uploadSec first upload sent to last upload answered
 * @property {number} seconds first upload sent to last job finished
 * @property {number} imagesPerSec
 * @property {number} uploadMsMean
 * @property {number} uploadMsMax
 * @property {number} failed jobs that failed
 * @property {number} maxAttempts
 */

/**
 * A saturating run of the light endpoint (wrk or autocannon, as the HTTP scenarios).
 * @typedef {object} Saturation
 * @property {string} name
 * @property {number | undefined} rps
 * @property {number | null | undefined} p50Ms
 * @property {number | null | undefined} p99Ms
 * @property {number | undefined} errors
 * @property {number | undefined} apiCpuShare CPU time of the API during the run, in CPUs (1 = a whole core)
 * @property {number | undefined} jobsLeft jobs still unfinished when the run ended (bursts)
 * @property {number | undefined} imagesPerSec of the burst under the run
 * @property {number | undefined} otherShare
 */

/**
 * The phase as JSON for latest.json, and the problems found.
 * @typedef {object} ImagesReport
 * @property {Record<string, unknown>} settings
 * @property {{ count: number, width: number, height: number, meanBytes: number, generateSec: number }} images
 * @property {Phase[]} phases
 * @property {Saturation[]} saturation
 * @property {Record<string, number | undefined>} ratios
 * @property {{ name: string, stop?: import('./lib/servers.js').StopResult, log?: Awaited<ReturnType<typeof summarizeLog>> }[]} processes
 *   the API and worker processes, in order, with their exit and a summary of their log
 * @property {string[]} notes what makes some figures less reliable (not a failure)
 * @property {string[]} problems failures: the run exits with 1
 */

/**
 * Runs the whole phase. Never throws except on an interrupt: failures are returned as problems.
 * @param {PhaseContext} ctx
 * @returns {Promise<ImagesReport>}
 */
export async function runImagePhase(ctx) {
  const { config, images, generator, pinning, rootDir, tmpDir, signal, log, otlpEndpoint } = ctx;
  const workDir = join(tmpDir, 'images');
  const jpegDir = join(workDir, 'jpeg');
  const storageDir = join(workDir, 'storage');
  mkdirSync(jpegDir, { recursive: true });
  mkdirSync(storageDir, { recursive: true });
  const redisPrefix = `${config.redisPrefix}img:`;
  const dbUrl = databaseUrl(config.pgAdminUrl, config.databaseName);
  const realtime = detectRealtime();
  const workerPlacement = !pinning.enabled
    ? 'unpinned'
    : images.workerCpu === 'api'
      ? `pinned to CPU ${SERVER_CPU}, with the API`
      : images.workerCpu === 'other'
        ? `pinned to CPU ${LOADGEN_CPU}, away from the API`
        : 'unpinned (any CPU, the API’s included)';
  /** @type {ImagesReport} */
  const report = {
    settings: {
      probe: `GET ${PROBE_PATH} at ${images.rate} req/s (open loop)`,
      probePriority: realtime.note,
      uploadsInFlight: images.uploadsInFlight,
      idleSec: images.idleSec,
      saturationSec: images.saturationSec,
      saturationConnections: config.connections,
      imageNice: images.nice,
      workerCpu: workerPlacement,
      group: images.group,
      api: pinning.enabled ? `CPU ${SERVER_CPU}` : 'unpinned',
      schedulingGroups: schedulingGroups(),
      loadProcesses: pinning.enabled ? `CPU ${LOADGEN_CPU}` : 'unpinned',
    },
    images: {
      count: images.count,
      width: images.width,
      height: images.height,
      meanBytes: 0,
      generateSec: 0,
    },
    phases: [],
    saturation: [],
    ratios: {},
    processes: [],
    notes: [],
    problems: [],
  };

  /** @type {(() => Promise<void>)[]} */
  const cleanups = [];
  /** @type {pg.Client | undefined} */
  let db;
  try {
    process.stdout.write(
      `generating ${images.count} JPEGs of ${images.width}x${images.height} (quality ${JPEG_QUALITY}) … `,
    );
    const generateStarted = performance.now();
    const jpegs = await generateImages({
      dir: jpegDir,
      count: images.count,
      width: images.width,
      height: images.height,
      quality: JPEG_QUALITY,
      signal,
    });
    report.images.generateSec = round((performance.now() - generateStarted) / 1000, 1);
    report.images.meanBytes = Math.round(jpegs.reduce((sum, j) => sum + j.bytes, 0) / jpegs.length);
    log(
      `${(report.images.meanBytes / 1e6).toFixed(1)} MB each on average, in ${report.images.generateSec} s`,
    );
    const files = jpegs.map((j) => j.path);

    await recreateDatabase(config.pgAdminUrl, config.databaseName);
    cleanups.push(async () => {
      await dropDatabase(config.pgAdminUrl, config.databaseName);
      log(`dropped database ${config.databaseName}`);
    });
    cleanups.push(async () => {
      const deleted = await deleteRedisKeys(config.redisUrl, redisPrefix);
      log(`deleted ${deleted} Redis keys under ${redisPrefix}`);
    });
    const baseEnv = {
      ...apiEnv({
        databaseUrl: dbUrl,
        redisUrl: config.redisUrl,
        redisPrefix,
        logLevel: config.logLevel,
        otel: config.otel,
        otlpEndpoint,
        traceRatio: config.traceRatio,
      }),
      STORAGE_DIR: storageDir,
      IMAGE_NICE: String(images.nice),
    };
    await runMigrations(rootDir, baseEnv);
    db = new pg.Client({ connectionString: dbUrl, connectionTimeoutMillis: 5_000 });
    await db.connect();
    const jobs = jobPoller(db);

    /**
     * Records a started API or worker; its stop (idempotent) checks the exit and reads its log.
     * @template {{ child: import('node:child_process').ChildProcess, stop: () => Promise<import('./lib/servers.js').StopResult>, logFile: string, stderrFile: string }} P
     * @param {string} name
     * @param {P} started
     * @returns {P & { stop: () => Promise<void> }}
     */
    const track = (name, started) => {
      /** @type {ImagesReport['processes'][number]} */
      const entry = { name };
      report.processes.push(entry);
      const stop = once(async () => {
        const result = await started.stop();
        entry.stop = result;
        entry.log = await summarizeLog(started.logFile);
        const { warnings, errors } = entry.log;
        log(`${name} ${describeStop(result)}; log: ${warnings} warnings, ${errors} errors`);
        for (const sample of entry.log.samples) log(`  ${sample}`);
        const stderr = readText(started.stderrFile).trim();
        if (stderr) log(`${name} stderr:\n${stderr.split('\n').slice(0, 10).join('\n')}`);
        if (result.code !== 0 || result.killed || result.alreadyExited) {
          report.problems.push(`${name} did not shut down cleanly: ${describeStop(result)}`);
        }
        if (errors > 0) report.problems.push(`${name} logged ${errors} errors`);
      });
      cleanups.push(async () => void (await stop()));
      return { ...started, stop: async () => void (await stop()) };
    };
    /** Starts an API process (servers.js, pinned like the HTTP scenarios' API). */
    const api = async (/** @type {string} */ name, /** @type {Record<string, string>} */ env) =>
      track(name, await startApi({ name, pinning, rootDir, logDir: tmpDir, env, signal }));
    /** Starts a worker with IMAGE_CONCURRENCY=concurrency. */
    const worker = async (/** @type {number} */ concurrency) => {
      const name = `worker-images-${concurrency}`;
      const started = await startWorker({
        name,
        pinning,
        cpu: images.workerCpu,
        rootDir,
        logDir: tmpDir,
        env: { ...baseEnv, IMAGE_CONCURRENCY: String(concurrency) },
        signal,
      });
      return track(name, started);
    };

    /** Every probe request must be answered with 2xx, as in the HTTP scenarios. */
    const probeErrors = (/** @type {Phase} */ phase) => {
      if (phase.probe.errors > 0) {
        report.problems.push(`${phase.name}: ${phase.probe.errors} probe requests failed`);
      }
    };

    /** Helpers bound to one API process. */
    const against = (
      /** @type {{ baseUrl: string, child: import('node:child_process').ChildProcess }} */ server,
      /** @type {number | undefined} */ workerPid,
    ) => {
      const probeUrl = `${server.baseUrl}${PROBE_PATH}`;
      const uploadUrl = `${server.baseUrl}${UPLOAD_PATH}`;
      /** Un-measured: JIT-compiles the routes and starts the render processes. */
      const warmUp = async (/** @type {number} */ parallelJobs) => {
        if (config.warmupSec > 0) await saturate(config.warmupSec);
        const user = await registerUser(server.baseUrl);
        const uploader = await startUploader({
          url: uploadUrl,
          token: user.token,
          files: files.slice(0, Math.max(parallelJobs, 1)),
          inFlight: Math.max(parallelJobs, 1),
          pinning,
          signal,
        });
        const uploads = await uploader.run();
        checkUploads(uploads);
        await jobs.wait(
          uploads.map((u) => /** @type {string} */ (u.jobId)),
          deadline(),
          signal,
        );
      };
      /** @param {number} seconds */
      const saturate = (seconds) =>
        runLoad(
          generator,
          {
            url: probeUrl,
            method: 'GET',
            headers: {},
            body: undefined,
            connections: config.connections,
            pipelining: config.pipelining,
            warmupSec: 0,
            durationSec: seconds,
          },
          { pinning, tmpDir, signal },
        );
      const deadline = () => Date.now() + images.burstTimeoutSec * 1000;

      /** The probe alone for idleSec. */
      const idle = async (
        /** @type {Omit<Phase, 'kind' | 'probe' | 'uploadsWindow' | 'jobsWindow' | 'burst' | 'cpu'>} */ phase,
      ) => {
        process.stdout.write(`  ${phase.name}: ${images.idleSec} s at ${images.rate} req/s … `);
        const probe = await startProbe({
          url: probeUrl,
          rate: images.rate,
          pinning,
          realtime: realtime.enabled,
          signal,
          maxSeconds: images.idleSec + 30,
        });
        await sleep(PROBE_LEAD_MS, undefined, { signal });
        const before = cpuSnapshot();
        const from = now();
        await sleep(images.idleSec * 1000, undefined, { signal });
        const to = now();
        const after = cpuSnapshot();
        const samples = await probe.stop();
        /** @type {Phase} */
        const result = {
          ...phase,
          kind: 'idle',
          probe: windowStats(samples, from, to),
          uploadsWindow: undefined,
          jobsWindow: undefined,
          burst: undefined,
          cpu: cpuOf(before, after, server.child.pid, workerPid),
        };
        log(describeWindow(result.probe));
        probeErrors(result);
        return result;
      };

      /** Uploads the N images as a new user with the probe running, until every job is done. */
      const burst = async (
        /** @type {Omit<Phase, 'kind' | 'probe' | 'uploadsWindow' | 'jobsWindow' | 'burst' | 'cpu'>} */ phase,
      ) => {
        process.stdout.write(
          `  ${phase.name}: ${images.count} uploads, ${images.uploadsInFlight} at a time … `,
        );
        const user = await registerUser(server.baseUrl);
        const uploader = await startUploader({
          url: uploadUrl,
          token: user.token,
          files,
          inFlight: images.uploadsInFlight,
          pinning,
          signal,
        });
        const probe = await startProbe({
          url: probeUrl,
          rate: images.rate,
          pinning,
          realtime: realtime.enabled,
          signal,
          maxSeconds: images.burstTimeoutSec + 30,
        });
        await sleep(PROBE_LEAD_MS, undefined, { signal });
        const before = cpuSnapshot();
        const uploads = await uploader.run();
        // The upload client's own clock: when the first upload went out, the last answer came.
        const from = Math.min(...uploads.map((u) => u.startedAt));
        const uploaded = Math.max(from, ...uploads.map((u) => u.answeredAt));
        checkUploads(uploads, phase.processing === 'inline');
        const done = await jobs.wait(
          uploads.map((u) => /** @type {string} */ (u.jobId)),
          deadline(),
          signal,
        );
        const after = cpuSnapshot();
        const samples = await probe.stop();
        // The last job's own timestamp (Postgres, same clock): the poll only adds its interval.
        const to = Math.max(uploaded, Math.min(done.lastFinishedAt, now()));
        const processingAfterUploads = phase.processing === 'queue' && to - uploaded > 200;
        /** @type {Phase} */
        const result = {
          ...phase,
          kind: 'burst',
          probe: windowStats(samples, from, to),
          uploadsWindow: processingAfterUploads ? windowStats(samples, from, uploaded) : undefined,
          jobsWindow: processingAfterUploads ? windowStats(samples, uploaded, to) : undefined,
          burst: {
            images: uploads.length,
            uploadSec: round((uploaded - from) / 1000, 2),
            seconds: round((to - from) / 1000, 2),
            imagesPerSec: uploads.length / ((to - from) / 1000),
            uploadMsMean: mean(uploads.map((u) => u.answeredAt - u.startedAt)),
            uploadMsMax: Math.max(...uploads.map((u) => u.answeredAt - u.startedAt)),
            failed: done.failed,
            maxAttempts: done.maxAttempts,
          },
          cpu: cpuOf(before, after, server.child.pid, workerPid),
        };
        if (done.failed > 0) report.problems.push(`${phase.name}: ${done.failed} jobs failed`);
        probeErrors(result);
        log(
          `${describeWindow(result.probe)}; ${result.burst?.imagesPerSec.toFixed(2)} images/s (uploads answered after ${result.burst?.uploadSec} s, all done after ${result.burst?.seconds} s)`,
        );
        return result;
      };

      /**
       * A saturating run of the light endpoint; with `during`, while the N images are uploaded
       * (2 at a time) as a new user and processed.
       */
      const saturation = async (
        /** @type {string} */ name,
        /** @type {'idle' | 'queue' | 'inline'} */ during,
      ) => {
        process.stdout.write(
          `  ${name}: ${config.connections} connections for ${images.saturationSec} s … `,
        );
        /** @type {Saturation} */
        const result = {
          name,
          rps: undefined,
          p50Ms: undefined,
          p99Ms: undefined,
          errors: undefined,
          apiCpuShare: undefined,
          jobsLeft: undefined,
          imagesPerSec: undefined,
          otherShare: undefined,
        };
        /** The run itself, with the CPU time the API and everyone else had during it. */
        const measured = async () => {
          const before = cpuSnapshot();
          const load = await saturate(images.saturationSec);
          const after = cpuSnapshot();
          Object.assign(result, loadFigures(load));
          if (before && after) {
            const apiMs = treeCpuMs(before, after, server.child.pid);
            if (apiMs !== undefined) result.apiCpuShare = round(apiMs / (after.at - before.at), 3);
            result.otherShare = round(otherWork(before, after, process.pid).share, 3);
          }
        };
        if (during === 'idle') {
          await measured();
        } else {
          const user = await registerUser(server.baseUrl);
          const uploader = await startUploader({
            url: uploadUrl,
            token: user.token,
            files,
            inFlight: images.uploadsInFlight,
            pinning,
            signal,
          });
          const from = now();
          const uploading = uploader.run();
          // Queued jobs: the run starts once they are all accepted, so it measures processing.
          // Inline: the uploads are the processing, so it starts with them.
          if (during === 'queue') checkUploads(await uploading);
          await measured();
          const loadEnded = now();
          const uploads = await uploading;
          if (during === 'inline') checkUploads(uploads, true);
          const ids = uploads.map((u) => /** @type {string} */ (u.jobId));
          const done = await jobs.wait(ids, deadline(), signal);
          result.jobsLeft = await jobs.finishedAfter(ids, loadEnded);
          result.imagesPerSec = uploads.length / ((done.lastFinishedAt - from) / 1000);
        }
        log(
          `${Math.round(result.rps ?? 0)} req/s, p99 ${fixed(result.p99Ms, 2)} ms${result.errors ? `, ${result.errors} errors` : ''}${result.jobsLeft !== undefined ? `; ${result.jobsLeft} of ${images.count} jobs still unfinished at the end of the run` : ''}`,
        );
        if (result.errors) report.problems.push(`${name}: ${result.errors} errors`);
        if (result.jobsLeft === 0) {
          report.notes.push(
            `${name}: every job was done before the run ended, so part of it measured an idle API; raise BENCH_IMAGES_COUNT`,
          );
        }
        return result;
      };

      return { warmUp, idle, burst, saturation };
    };

    // 1. The API as deployed (queue) and a worker taking one job at a time.
    const queueApi = await api('api-images', baseEnv);
    const worker1 = await worker(1);
    log(
      `api-images on ${queueApi.baseUrl} (IMAGE_PROCESSING=queue) and worker-images-1 (IMAGE_CONCURRENCY=1, nice ${images.nice}) ready`,
    );
    setGroupWeight(worker1.child.pid, images, report);
    let on = against(queueApi, worker1.child.pid);
    await on.warmUp(1);
    const idle = await on.idle({
      name: 'idle (API + worker, no jobs)',
      processing: 'queue',
      concurrency: 1,
    });
    report.phases.push(idle);
    if (images.saturationSec > 0) report.saturation.push(await on.saturation('idle', 'idle'));
    report.phases.push(
      await on.burst({ name: 'worker, 1 job at a time', processing: 'queue', concurrency: 1 }),
    );
    await worker1.stop();

    // 2. The worker again, two jobs at a time.
    const worker2 = await worker(2);
    log(`worker-images-2 (IMAGE_CONCURRENCY=2) ready`);
    setGroupWeight(worker2.child.pid, images, report);
    on = against(queueApi, worker2.child.pid);
    await on.warmUp(2);
    report.phases.push(
      await on.burst({ name: 'worker, 2 jobs at a time', processing: 'queue', concurrency: 2 }),
    );
    if (images.saturationSec > 0) {
      report.saturation.push(await on.saturation('during worker burst (2 at a time)', 'queue'));
    }
    await worker2.stop();
    await queueApi.stop();

    // 3. The control: the API renders the uploads itself, within the upload request.
    const inlineApi = await api('api-images-inline', {
      ...baseEnv,
      // IMAGE_PROCESSING=inline is refused in production.
      NODE_ENV: 'development',
      IMAGE_PROCESSING: 'inline',
    });
    log(
      `api-images-inline on ${inlineApi.baseUrl} (IMAGE_PROCESSING=inline, NODE_ENV=development, no worker) ready`,
    );
    on = against(inlineApi, undefined);
    await on.warmUp(images.uploadsInFlight);
    report.phases.push(
      await on.idle({ name: 'control API idle', processing: 'inline', concurrency: undefined }),
    );
    report.phases.push(
      await on.burst({
        name: 'control: inline in the API',
        processing: 'inline',
        concurrency: undefined,
      }),
    );
    if (images.saturationSec > 0) {
      report.saturation.push(await on.saturation('during inline control', 'inline'));
    }
    await inlineApi.stop();
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    report.problems.push(messageOf(error));
    console.error(`\nbench: image phase: ${messageOf(error)}`);
  } finally {
    await db?.end().catch(() => {});
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        report.problems.push(`cleanup failed: ${messageOf(error)}`);
      }
    }
    rmSync(workDir, { recursive: true, force: true });
  }
  report.ratios = ratios(report);
  return report;
}

/**
 * How this machine groups processes for CPU time (see README, "Scheduling groups").
 * @returns {string}
 */
function schedulingGroups() {
  const autogroup = readText('/proc/sys/kernel/sched_autogroup_enabled').trim();
  if (autogroup === '1') return 'autogroup on: every session (each process here) is a group';
  if (autogroup === '0') return 'autogroup off: one group for the whole cgroup';
  return 'autogroup unknown';
}

/**
 * Polls image_jobs (one query per POLL_MS on the bench's own connection; the API is not asked).
 * @param {pg.Client} db
 */
function jobPoller(db) {
  /** @param {string[]} ids */
  const read = async (ids) => {
    const { rows } = await db.query(
      `SELECT count(*) FILTER (WHERE state = 'completed')::int AS completed,
              count(*) FILTER (WHERE state = 'failed')::int AS failed,
              coalesce(max(attempts), 0)::int AS max_attempts,
              extract(epoch FROM max(finished_at)) * 1000 AS last_finished_at
       FROM image_jobs WHERE id = ANY($1)`,
      [ids],
    );
    const [row] = rows;
    return {
      completed: row.completed,
      failed: row.failed,
      maxAttempts: row.max_attempts,
      lastFinishedAt: Number(row.last_finished_at),
    };
  };
  return {
    /**
     * How many of the jobs finished after `at` (epoch ms).
     * @param {string[]} ids
     * @param {number} at
     */
    finishedAfter: async (ids, at) => {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM image_jobs
         WHERE id = ANY($1) AND finished_at > to_timestamp($2::float8 / 1000)`,
        [ids, at],
      );
      return /** @type {number} */ (rows[0].n);
    },
    /**
     * Until every job has completed or failed.
     * @param {string[]} ids
     * @param {number} deadline Date.now() limit
     * @param {AbortSignal} signal
     */
    wait: async (ids, deadline, signal) => {
      for (;;) {
        const state = await read(ids);
        if (state.completed + state.failed === ids.length) return state;
        if (Date.now() > deadline) {
          throw new Error(
            `${ids.length - state.completed - state.failed} of ${ids.length} image jobs unfinished after BENCH_IMAGES_TIMEOUT`,
          );
        }
        await sleep(POLL_MS, undefined, { signal });
      }
    },
  };
}

/**
 * Every upload must be accepted (202) with a job; inline, the job must already be done.
 * @param {import('./lib/images-uploader.js').Upload[]} uploads
 * @param {boolean} [inline]
 */
function checkUploads(uploads, inline = false) {
  const bad = uploads.filter(
    (u) => u.status !== 202 || !u.jobId || (inline && u.state !== 'completed'),
  );
  if (bad.length > 0) {
    const [first] = bad;
    throw new Error(
      `${bad.length} of ${uploads.length} uploads not accepted as expected; first: ${first.file} HTTP ${first.status} state ${first.state ?? '-'} ${first.error ?? ''}`.trim(),
    );
  }
}

/**
 * BENCH_IMAGES_GROUP=low: the worker's scheduling group (its session's autogroup, which its
 * render processes share) gets the weight of nice IMAGE_NICE, as a container with a low CPU
 * weight would. See README, "Scheduling groups".
 * @param {number | undefined} pid
 * @param {import('./lib/images-config.js').ImagesConfig} images
 * @param {ImagesReport} report
 */
function setGroupWeight(pid, images, report) {
  if (images.group !== 'low' || pid === undefined) return;
  try {
    writeFileSync(`/proc/${pid}/autogroup`, String(images.nice));
  } catch (error) {
    report.problems.push(
      `BENCH_IMAGES_GROUP=low: cannot set /proc/${pid}/autogroup: ${messageOf(error)}`,
    );
  }
}

/**
 * @param {import('./lib/images-cpu.js').CpuSnapshot | undefined} before
 * @param {import('./lib/images-cpu.js').CpuSnapshot | undefined} after
 * @param {number | undefined} apiPid
 * @param {number | undefined} workerPid
 */
function cpuOf(before, after, apiPid, workerPid) {
  if (!before || !after) return undefined;
  const others = otherWork(before, after, process.pid);
  return {
    apiMs: treeCpuMs(before, after, apiPid),
    workerMs: treeCpuMs(before, after, workerPid),
    otherShare: round(others.share, 3),
    otherTop: others.top,
  };
}

/** @param {import('./lib/load.js').LoadResult} load */
function loadFigures(load) {
  return {
    rps: load.requests / load.durationSec,
    p50Ms: load.p50Ms,
    p99Ms: load.p99Ms,
    errors: load.non2xx + load.socketErrors + load.timeouts,
  };
}

/** @param {import('./lib/images-report.js').WindowStats} w */
function describeWindow(w) {
  const errors = w.errors > 0 ? `, ${w.errors} errors` : '';
  return `${Math.round(w.rps)} req/s, p50 ${fixed(w.p50Ms, 2)} ms, p99 ${fixed(w.p99Ms, 2)} ms${errors}`;
}

/**
 * @param {import('./lib/servers.js').StopResult} stop
 */
function describeStop(stop) {
  if (stop.alreadyExited) return `had already exited (code ${stop.code}, signal ${stop.signal})`;
  if (stop.killed) return `did not exit within the deadline after SIGTERM: killed (SIGKILL)`;
  return `exited with code ${stop.code ?? stop.signal} ${stop.ms} ms after SIGTERM`;
}

/**
 * @template T
 * @param {() => Promise<T>} fn
 * @returns {() => Promise<T | undefined>}
 */
function once(fn) {
  /** @type {Promise<T> | undefined} */
  let running;
  return () => (running ??= fn());
}

/**
 * @param {number} value
 * @param {number} digits
 */
function round(value, digits) {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** @param {string} path */
function readText(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** @param {number[]} values */
const mean = (values) => values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);

/**
 * The lines the phase is for, from this run's figures.
 * @param {ImagesReport} report
 * @returns {Record<string, number | undefined>}
 */
function ratios(report) {
  const phase = (/** @type {string} */ name) => report.phases.find((p) => p.name === name);
  const idle = phase('idle (API + worker, no jobs)');
  const one = phase('worker, 1 job at a time');
  const two = phase('worker, 2 jobs at a time');
  const control = phase('control: inline in the API');
  const controlIdle = phase('control API idle');
  /**
   * @param {number | null | undefined} a
   * @param {number | null | undefined} b
   */
  const over = (a, b) =>
    typeof a === 'number' && typeof b === 'number' && b > 0 ? a / b : undefined;
  const idleP99 = idle?.probe.p99Ms;
  const saturation = (/** @type {string} */ name) =>
    report.saturation.find((s) => s.name === name)?.rps;
  const idleRps = saturation('idle');
  return {
    p99WorkerOneJobVsIdle: over(one?.probe.p99Ms, idleP99),
    p99WorkerTwoJobsVsIdle: over(two?.probe.p99Ms, idleP99),
    p99WorkerOneJobJobsOnlyVsIdle: over(one?.jobsWindow?.p99Ms, idleP99),
    p99WorkerTwoJobsJobsOnlyVsIdle: over(two?.jobsWindow?.p99Ms, idleP99),
    p99InlineControlVsIdle: over(control?.probe.p99Ms, idleP99),
    p99InlineControlIdleVsIdle: over(controlIdle?.probe.p99Ms, idleP99),
    imagesPerSecOneJob: one?.burst?.imagesPerSec,
    imagesPerSecTwoJobs: two?.burst?.imagesPerSec,
    imagesPerSecTwoVsOne: over(two?.burst?.imagesPerSec, one?.burst?.imagesPerSec),
    imagesPerSecInline: control?.burst?.imagesPerSec,
    saturationRpsIdle: idleRps,
    saturationWorkerBurstVsIdle: over(saturation('during worker burst (2 at a time)'), idleRps),
    saturationInlineControlVsIdle: over(saturation('during inline control'), idleRps),
  };
}

/** @param {number | undefined} ms */
const seconds = (ms) => (ms === undefined ? '-' : (ms / 1000).toFixed(2));

/**
 * The printed result: the table of windows, the saturating runs, and the ratio lines.
 * @param {ImagesReport} report
 */
export function formatImageReport(report) {
  const idleP99 = report.phases[0]?.probe.p99Ms;
  const { settings, images } = report;
  const lines = [
    `image phase: ${settings.probe} during every window; bursts of ${images.count} JPEGs of ${images.width}x${images.height} (${(images.meanBytes / 1e6).toFixed(1)} MB on average), uploaded ${settings.uploadsInFlight} at a time as a new user`,
    `  API on ${settings.api}; probe (${settings.probePriority}), uploads and saturating runs on ${settings.loadProcesses}; Postgres and Redis unpinned`,
    `  worker ${settings.workerCpu}, render processes at nice ${settings.imageNice}; the worker's scheduling group: ${settings.group === 'low' ? `its own, at the weight of nice ${settings.imageNice}` : 'its own, default weight'} (${settings.schedulingGroups})`,
    '',
  ];
  const header = [
    'window',
    's',
    'req/s',
    'p50 ms',
    'p99 ms',
    'max ms',
    'p99/idle',
    'images/s',
    'API CPU s',
    'worker CPU s',
    'other CPU',
  ];
  /** @type {string[][]} */
  const rows = [];
  /**
   * @param {string} label
   * @param {import('./lib/images-report.js').WindowStats} w
   * @param {Phase | undefined} phase the phase row (with its burst and CPU), or none for a sub-window
   */
  const row = (label, w, phase) => [
    label,
    w.seconds.toFixed(1),
    String(Math.round(w.rps)),
    fixed(w.p50Ms, 2),
    fixed(w.p99Ms, 2),
    fixed(w.maxMs, 1),
    idleP99 && typeof w.p99Ms === 'number' ? times(w.p99Ms / idleP99) : '-',
    phase?.burst ? phase.burst.imagesPerSec.toFixed(2) : '',
    phase ? seconds(phase.cpu?.apiMs) : '',
    phase ? seconds(phase.cpu?.workerMs) : '',
    phase?.cpu ? `${Math.round(phase.cpu.otherShare * 100)}%` : '',
  ];
  for (const phase of report.phases) {
    rows.push(row(phase.name, phase.probe, phase));
    if (phase.uploadsWindow)
      rows.push(row('  uploads (first sent to last answered)', phase.uploadsWindow, undefined));
    if (phase.jobsWindow)
      rows.push(row('  jobs only (after the last upload)', phase.jobsWindow, undefined));
  }
  lines.push(columns(header, rows));
  const errors = report.phases.reduce((sum, p) => sum + p.probe.errors, 0);
  if (errors > 0) lines.push(`probe errors (non-2xx, socket, timeout): ${errors}`);

  if (report.saturation.length > 0) {
    const idleRps = report.saturation.find((s) => s.name === 'idle')?.rps;
    lines.push(
      '',
      `saturating runs of GET ${PROBE_PATH} (${report.settings.saturationConnections} connections, ${report.settings.saturationSec} s each):`,
      columns(
        [
          'run',
          'req/s',
          'p50 ms',
          'p99 ms',
          'vs idle',
          'API CPU',
          'jobs left at end',
          'images/s',
          'other CPU',
        ],
        report.saturation.map((s) => [
          s.name,
          s.rps === undefined ? '-' : String(Math.round(s.rps)),
          fixed(s.p50Ms, 2),
          fixed(s.p99Ms, 2),
          s.rps !== undefined && idleRps ? times(s.rps / idleRps) : '-',
          s.apiCpuShare === undefined ? '-' : `${Math.round(s.apiCpuShare * 100)}%`,
          s.jobsLeft === undefined ? '' : `${s.jobsLeft} of ${report.images.count}`,
          s.imagesPerSec === undefined ? '' : s.imagesPerSec.toFixed(2),
          s.otherShare === undefined ? '' : `${Math.round(s.otherShare * 100)}%`,
        ]),
      ),
    );
  }

  const r = report.ratios;
  lines.push('');
  if (r.p99WorkerOneJobVsIdle !== undefined || r.p99WorkerTwoJobsVsIdle !== undefined) {
    lines.push(
      `p99 during worker burst / idle: 1 job at a time ${times(r.p99WorkerOneJobVsIdle)}, 2 at a time ${times(r.p99WorkerTwoJobsVsIdle)}`,
      `  jobs only, after the last upload was answered: ${times(r.p99WorkerOneJobJobsOnlyVsIdle)}, ${times(r.p99WorkerTwoJobsJobsOnlyVsIdle)}`,
    );
  }
  if (r.p99InlineControlVsIdle !== undefined) {
    lines.push(`p99 during inline control / idle: ${times(r.p99InlineControlVsIdle)}`);
  }
  if (r.imagesPerSecOneJob !== undefined) {
    lines.push(
      `images/s: 1 job at a time ${fixed(r.imagesPerSecOneJob, 2)}, 2 at a time ${fixed(r.imagesPerSecTwoJobs, 2)} (${times(r.imagesPerSecTwoVsOne)}); inline control ${fixed(r.imagesPerSecInline, 2)}`,
    );
  }
  if (
    r.saturationWorkerBurstVsIdle !== undefined ||
    r.saturationInlineControlVsIdle !== undefined
  ) {
    lines.push(
      `saturated req/s / idle: during worker burst ${times(r.saturationWorkerBurstVsIdle)}, during inline control ${times(r.saturationInlineControlVsIdle)}`,
    );
  }
  const disturbed = [
    ...report.phases
      .filter((p) => (p.cpu?.otherShare ?? 0) > OTHER_WORK_NOTE)
      .map(
        (p) =>
          `${p.name} (other processes ${Math.round((p.cpu?.otherShare ?? 0) * 100)}% of the CPUs: ${p.cpu?.otherTop.join(', ')})`,
      ),
    ...report.phases
      .filter((p) => (p.probe.lagP99Ms ?? 0) > PROBE_LAG_NOTE_MS)
      .map((p) => `${p.name} (the probe itself ran ${fixed(p.probe.lagP99Ms, 1)} ms late at p99)`),
  ];
  if (disturbed.length > 0) {
    lines.push('note: disturbed windows, figures suspect (rerun on a quiet machine):');
    for (const line of disturbed) lines.push(`  ${line}`);
  }
  for (const note of report.notes) lines.push(`note: ${note}`);
  for (const problem of report.problems) lines.push(`problem: ${problem}`);
  return lines.join('\n');
}

/** Other processes using more than this share of all CPUs during a window make it suspect. */
const OTHER_WORK_NOTE = 0.05;
/** A probe more than this late at p99 was itself short of CPU. */
const PROBE_LAG_NOTE_MS = 3;
