// @ts-check
/**
 * The upload client of the image phase (bench/images.js), in its own process so that it can be
 * pinned to the load generator's CPU and costs the same in every phase: it uploads files to
 * `PUT /api/user/image` as one signed-in user, a fixed number at a time.
 *
 * Every multipart body is built before the start signal, so an upload is a single write of a
 * prepared buffer: the client's CPU time per upload is small and the same whether the API answers
 * at once (202 with a queued job) or after processing (IMAGE_PROCESSING=inline).
 *
 * Input: one JSON argument (UploadJob). It reads the files, replies `{ type: 'ready' }`, waits
 * for `{ type: 'start' }`, then replies `{ type: 'result', uploads }` (one Upload per file, in
 * file order) and exits. It exits by itself if its parent goes away.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { basename } from 'node:path';

/**
 * @typedef {object} UploadJob
 * @property {string} url e.g. http://127.0.0.1:1234/api/user/image
 * @property {string} token JWT of the uploading user
 * @property {string[]} files
 * @property {number} inFlight uploads at a time
 * @property {number} timeoutMs per upload
 */

/**
 * @typedef {object} Upload
 * @property {string} file
 * @property {number} bytes
 * @property {number} startedAt epoch ms
 * @property {number} answeredAt epoch ms
 * @property {number} status HTTP status; 0 for a socket error or timeout
 * @property {string | undefined} jobId
 * @property {string | undefined} state the job's state in the answer
 * @property {string | undefined} error
 */

const now = () => performance.timeOrigin + performance.now();

process.on('disconnect', () => process.exit(1));

/** @type {UploadJob} */
const job = JSON.parse(process.argv[2] ?? '');
const target = new URL(job.url);
const agent = new Agent({ keepAlive: true, maxSockets: job.inFlight });

/** @param {string} file */
function multipartBody(file) {
  const boundary = `----conduit-bench-${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\n` +
      `Content-Disposition: form-data; name="image"; filename="${basename(file)}"\r\n` +
      'Content-Type: image/jpeg\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const data = readFileSync(file);
  return { body: Buffer.concat([head, data, tail]), boundary, bytes: data.length };
}

const bodies = job.files.map(multipartBody);

/**
 * @param {number} index
 * @returns {Promise<Upload>}
 */
function upload(index) {
  const { body, boundary, bytes } = bodies[index];
  const startedAt = now();
  return new Promise((resolve) => {
    /** @param {Partial<Upload>} outcome */
    const done = (outcome) =>
      resolve({
        file: basename(job.files[index]),
        bytes,
        startedAt,
        answeredAt: now(),
        status: 0,
        jobId: undefined,
        state: undefined,
        error: undefined,
        ...outcome,
      });
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'PUT',
        agent,
        timeout: job.timeoutMs,
        headers: {
          authorization: `Token ${job.token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': body.length,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('error', (error) => done({ error: error.message }));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          try {
            const answer = JSON.parse(text);
            done({
              status,
              jobId: answer?.job?.id,
              state: answer?.job?.state,
              error: status === 202 ? undefined : text.slice(0, 300),
            });
          } catch {
            done({ status, error: text.slice(0, 300) });
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${job.timeoutMs} ms`)));
    req.on('error', (error) => done({ error: error.message }));
    req.end(body);
  });
}

async function uploadAll() {
  /** @type {Upload[]} */
  const uploads = new Array(job.files.length);
  let next = 0;
  const lane = async () => {
    while (next < job.files.length) {
      const index = next++;
      uploads[index] = await upload(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(job.inFlight, job.files.length) }, lane));
  return uploads;
}

process.on('message', (/** @type {{ type?: string }} */ message) => {
  if (message?.type !== 'start') return;
  void uploadAll().then((uploads) => {
    agent.destroy();
    process.send?.({ type: 'result', uploads }, () => process.exit(0));
  });
});

process.send?.({ type: 'ready' });
