// @ts-check
/** A look at the API's JSON log after the run: how much it wrote, and any warnings or errors. */
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * @param {string} path a pino JSON log (one object per line)
 * @returns {Promise<{ bytes: number, lines: number, warnings: number, errors: number, samples: string[] }>}
 */
export async function summarizeLog(path) {
  const summary = {
    bytes: 0,
    lines: 0,
    warnings: 0,
    errors: 0,
    samples: /** @type {string[]} */ ([]),
  };
  try {
    summary.bytes = statSync(path).size;
  } catch {
    return summary;
  }
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) {
    summary.lines++;
    // pino levels: 40 warn, 50 error, 60 fatal. A regex is enough and much cheaper than JSON.parse.
    const level = Number(/"level":(\d+)/.exec(line)?.[1] ?? 0);
    if (level >= 50) summary.errors++;
    else if (level >= 40) summary.warnings++;
    if (level >= 40 && summary.samples.length < 5) {
      summary.samples.push(line.length > 300 ? `${line.slice(0, 300)}…` : line);
    }
  }
  return summary;
}
