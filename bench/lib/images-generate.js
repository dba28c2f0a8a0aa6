// @ts-check
/**
 * Large, photo-like JPEGs for the image phase (bench/images.js). Every image comes from its own
 * seed, so each has different bytes (the API derives the job id from the content hash and the
 * owner: identical bytes would be one job) and every run makes the same files.
 *
 * Random noise alone would make unrealistically large files that are slow to encode, and a
 * plain gradient would be unrealistically cheap. What a camera gives is closer to this: smooth
 * light across the frame, a few soft-edged objects, one textured area, and sensor grain.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

/**
 * @typedef {object} GeneratedImage
 * @property {string} path
 * @property {number} bytes
 * @property {number} width
 * @property {number} height
 */

/** @param {number} seed */
function prng(seed) {
  let state = seed >>> 0;
  // mulberry32: small, fast, good enough for pixels.
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Triangular noise, about +-GRAIN, precomputed: one lookup per sample instead of two PRNG calls. */
const GRAIN = 10;
const NOISE_SIZE = 1 << 16;

/**
 * Raw RGB pixels of one picture. Separable terms are computed per row and per column, so the
 * per-pixel work is a few multiply-adds (about 0.3 s for 12 MP).
 * @param {number} width
 * @param {number} height
 * @param {number} seed
 */
function paint(width, height, seed) {
  const random = prng(seed);
  const colour = () => [random() * 255, random() * 255, random() * 255];
  // Clamped: every write rounds and stays within 0..255.
  const pixels = new Uint8ClampedArray(width * height * 3);

  // Light: a bilinear blend of four corner colours, with a slow ripple across it:
  // ripple * sin(3 pi u + 2 pi v + phase), split into column and row factors.
  const [tl, tr, bl, br] = [colour(), colour(), colour(), colour()];
  const ripple = 6 + random() * 10;
  const phase = random() * Math.PI * 2;
  const top = [0, 1, 2].map(() => new Float32Array(width));
  const span = [0, 1, 2].map(() => new Float32Array(width));
  const sinU = new Float32Array(width);
  const cosU = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const u = x / (width - 1);
    for (let c = 0; c < 3; c++) {
      top[c][x] = tl[c] + (tr[c] - tl[c]) * u;
      span[c][x] = bl[c] + (br[c] - bl[c]) * u - top[c][x];
    }
    sinU[x] = ripple * Math.sin(3 * Math.PI * u + phase);
    cosU[x] = ripple * Math.cos(3 * Math.PI * u + phase);
  }
  for (let y = 0; y < height; y++) {
    const v = y / (height - 1);
    const cv = Math.cos(2 * Math.PI * v);
    const sv = Math.sin(2 * Math.PI * v);
    let i = y * width * 3;
    for (let x = 0; x < width; x++, i += 3) {
      const wave = sinU[x] * cv + cosU[x] * sv;
      pixels[i] = top[0][x] + span[0][x] * v + wave;
      pixels[i + 1] = top[1][x] + span[1][x] * v + wave;
      pixels[i + 2] = top[2][x] + span[2][x] * v + wave;
    }
  }

  // Objects: soft-edged ellipses, blended over the background.
  const objects = 10 + Math.floor(random() * 6);
  for (let n = 0; n < objects; n++) {
    const cx = random() * width;
    const cy = random() * height;
    const rx = width * (0.03 + random() * 0.15);
    const ry = height * (0.03 + random() * 0.15);
    const [r, g, b] = colour();
    const opacity = 0.5 + random() * 0.5;
    const x0 = Math.max(0, Math.floor(cx - rx * 1.2));
    const x1 = Math.min(width, Math.ceil(cx + rx * 1.2));
    const y0 = Math.max(0, Math.floor(cy - ry * 1.2));
    const y1 = Math.min(height, Math.ceil(cy + ry * 1.2));
    for (let y = y0; y < y1; y++) {
      const dy = (y - cy) / ry;
      for (let x = x0; x < x1; x++) {
        const dx = (x - cx) / rx;
        const d2 = dx * dx + dy * dy;
        if (d2 >= 1.44) continue;
        // 1 inside, fading to 0 over the outer fifth: an out-of-focus edge.
        const alpha = d2 <= 1 ? opacity : opacity * ((1.2 - Math.sqrt(d2)) / 0.2);
        const i = (y * width + x) * 3;
        pixels[i] += (r - pixels[i]) * alpha;
        pixels[i + 1] += (g - pixels[i + 1]) * alpha;
        pixels[i + 2] += (b - pixels[i + 2]) * alpha;
      }
    }
  }

  // Texture (foliage, fabric) over the lower part of the frame: two interfering waves,
  // 18 * sin(x fx + bend_y) * sin(y fy + x tilt), again split into column and row factors.
  const bandTop = Math.floor(height * (0.3 + random() * 0.3));
  const fx = 0.2 + random() * 0.3;
  const fy = 0.17 + random() * 0.3;
  const tilt = 0.002 + random() * 0.004;
  const sinX = new Float32Array(width);
  const cosX = new Float32Array(width);
  const sinT = new Float32Array(width);
  const cosT = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    sinX[x] = Math.sin(x * fx);
    cosX[x] = Math.cos(x * fx);
    sinT[x] = Math.sin(x * tilt);
    cosT[x] = Math.cos(x * tilt);
  }
  for (let y = bandTop; y < height; y++) {
    const bend = 3 * Math.sin(y * 0.013);
    const [cb, sb] = [18 * Math.cos(bend), 18 * Math.sin(bend)];
    const [sy, cy] = [Math.sin(y * fy), Math.cos(y * fy)];
    let i = y * width * 3;
    for (let x = 0; x < width; x++, i += 3) {
      const t = (sinX[x] * cb + cosX[x] * sb) * (sy * cosT[x] + cy * sinT[x]);
      pixels[i] += t;
      pixels[i + 1] += t;
      pixels[i + 2] += t * 0.6;
    }
  }

  // Grain on every sample, from a table read at a random offset per row.
  const noise = new Float32Array(NOISE_SIZE);
  for (let k = 0; k < NOISE_SIZE; k++) noise[k] = (random() + random() - 1) * GRAIN;
  const rowLength = width * 3;
  for (let y = 0; y < height; y++) {
    let k = Math.floor(random() * NOISE_SIZE);
    const end = (y + 1) * rowLength;
    for (let i = y * rowLength; i < end; i++) {
      pixels[i] += noise[k];
      k = (k + 1) & (NOISE_SIZE - 1);
    }
  }
  return pixels;
}

/**
 * Writes `count` JPEGs of `width` x `height` into `dir`.
 * @param {{ dir: string, count: number, width: number, height: number, quality: number, signal: AbortSignal }} options
 * @returns {Promise<GeneratedImage[]>}
 */
export async function generateImages({ dir, count, width, height, quality, signal }) {
  /** @type {GeneratedImage[]} */
  const images = [];
  for (let n = 0; n < count; n++) {
    signal.throwIfAborted();
    const pixels = paint(width, height, 1_000 + n);
    const jpeg = await sharp(pixels, { raw: { width, height, channels: 3 } })
      .jpeg({ quality, chromaSubsampling: '4:2:0' })
      .toBuffer();
    const path = join(dir, `photo-${String(n + 1).padStart(3, '0')}.jpg`);
    await writeFile(path, jpeg);
    images.push({ path, bytes: jpeg.length, width, height });
  }
  return images;
}
