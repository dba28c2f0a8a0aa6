// @ts-check
/**
 * A flame graph of a V8 CPU profile (.cpuprofile) as a standalone SVG, with no dependency.
 * Stacks are merged by frame (function, file and line), so a function called from one place
 * is one box however many profile nodes V8 made for it. A box's width is the CPU time spent in
 * it and everything it called; the root ("all") is the busy time, idle left out. Boxes are
 * coloured by layer (bench/profile/layers.js); hovering one shows µs per request and its share.
 * Boxes narrower than a cut-off are left out (their time stays in their parent's width), so
 * that the file stays small enough to commit and to open in a browser.
 *
 * From the command line, for a profile kept from an earlier run:
 *   node bench/profile/flamegraph.js <in.cpuprofile> <out.svg> [title] [µs of CPU per request]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { escapeXml, px, svgDocument, text, truncate } from '../lib/svg.js';
import { layerOf } from './layers.js';

const FRAME_HEIGHT = 16;
const FONT_SIZE = 11;
/** Width of one character of the monospace font at FONT_SIZE, to fit labels in boxes. */
const CHAR_WIDTH = 6.7;
const MARGIN = 10;
const LEGEND_WIDTH = 390;
/** A budget for the file, well under what a browser or a review tool opens without pain. */
const MAX_BYTES = 450_000;

/**
 * @typedef {{ functionName: string, url: string, lineNumber: number, columnNumber?: number }} CallFrame
 * @typedef {{ id: number, callFrame: CallFrame, children?: number[] }} ProfileNode
 * @typedef {{ nodes: ProfileNode[], samples: number[], timeDeltas: number[] }} CpuProfile
 */

/**
 * One box: a frame on one merged stack.
 * @typedef {object} Frame
 * @property {string} name
 * @property {string} file shortened: package path, dist/… or node:…; '' for native frames
 * @property {number} line 1-based, 0 when unknown
 * @property {string} layer
 * @property {number} self µs of samples with this frame on top
 * @property {number} total self plus the children's totals
 * @property {Map<string, Frame>} children by frame key
 */

/**
 * A script's URL without this machine's paths: what follows the last node_modules/, or dist/…,
 * or the node: name.
 * @param {string} url
 */
export function shortFile(url) {
  if (!url) return '';
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) return path.slice(modules + 'node_modules/'.length);
  const dist = path.lastIndexOf('/dist/');
  if (dist >= 0) return path.slice(dist + 1);
  if (!path.startsWith('/')) return path;
  return path.split('/').slice(-2).join('/');
}

/**
 * @param {string} name
 * @param {CallFrame} callFrame
 * @returns {Frame}
 */
function newFrame(name, callFrame) {
  return {
    name,
    file: shortFile(callFrame.url),
    line: callFrame.url ? callFrame.lineNumber + 1 : 0,
    layer: layerOf(callFrame) ?? 'idle',
    self: 0,
    total: 0,
    children: new Map(),
  };
}

/**
 * The profile as a tree of frames merged by (function, file, line), idle time left out.
 * @param {CpuProfile} profile
 * @returns {Frame} the root, "all"
 */
export function mergeStacks(profile) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  /** @type {Map<number, number>} */
  const selfTime = new Map();
  profile.samples.forEach((id, index) => {
    // Same convention as layers.js: a sample's time is the delta that precedes it.
    const delta = Math.max(0, profile.timeDeltas[index] ?? 0);
    selfTime.set(id, (selfTime.get(id) ?? 0) + delta);
  });
  const root = newFrame('all', { functionName: 'all', url: '', lineNumber: 0 });
  root.layer = 'all';
  const childIds = new Set(profile.nodes.flatMap((node) => node.children ?? []));
  const top = profile.nodes.find((node) => !childIds.has(node.id));
  if (!top) return root;

  // Iterative, since JavaScript stacks in a profile can be deeper than is safe to recurse into.
  /** @type {[Frame, number][]} */
  const pending = (top.children ?? []).map((id) => [root, id]);
  while (pending.length > 0) {
    const [parent, id] = /** @type {[Frame, number]} */ (pending.pop());
    const node = nodes.get(id);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName}\u0000${url}\u0000${lineNumber}`;
    let frame = parent.children.get(key);
    if (!frame) {
      frame = newFrame(functionName || '(anonymous)', node.callFrame);
      parent.children.set(key, frame);
    }
    frame.self += selfTime.get(id) ?? 0;
    for (const child of node.children ?? []) pending.push([frame, child]);
  }
  computeTotals(root);
  return root;
}

/** @param {Frame} root */
function computeTotals(root) {
  /** @type {Frame[]} */
  const order = [];
  /** @type {Frame[]} */
  const stack = [root];
  while (stack.length > 0) {
    const frame = /** @type {Frame} */ (stack.pop());
    order.push(frame);
    stack.push(...frame.children.values());
  }
  // Children come after their parent in `order`: add up from the end.
  for (let i = order.length - 1; i >= 0; i--) {
    const frame = order[i];
    frame.total = frame.self;
    for (const child of frame.children.values()) frame.total += child.total;
  }
}

/**
 * Hue, saturation and lightness of a layer; the name decides, so a renamed layer keeps its colour.
 * @type {[RegExp, [number, number, number]][]}
 */
const LAYER_COLOURS = [
  [/^all$/, [0, 0, 80]],
  [/logging/i, [26, 90, 58]],
  [/tracing|opentelemetry/i, [275, 55, 66]],
  [/metrics/i, [160, 55, 45]],
  [/nest/i, [350, 70, 64]],
  [/fastify/i, [210, 70, 64]],
  [/redis/i, [8, 60, 50]],
  [/postgres|typeorm/i, [190, 60, 48]],
  [/token|jsonwebtoken/i, [75, 50, 42]],
  [/graphql/i, [320, 60, 62]],
  [/app code/i, [52, 95, 52]],
  [/garbage/i, [0, 0, 45]],
  [/native/i, [0, 0, 70]],
  [/node/i, [110, 45, 55]],
];
const OTHER_COLOUR = /** @type {[number, number, number]} */ ([28, 35, 60]);

/** @param {string} layer */
export function layerColour(layer) {
  const [h, s, l] = LAYER_COLOURS.find(([pattern]) => pattern.test(layer))?.[1] ?? OTHER_COLOUR;
  return { h, s, l };
}

/**
 * A box's fill: its layer's colour, a little lighter or darker by name, so neighbours differ.
 * @param {Frame} frame
 */
function fill(frame) {
  const { h, s, l } = layerColour(frame.layer);
  let hash = 0;
  for (const char of frame.name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const shade = s === 0 ? 0 : (hash % 13) - 6;
  return `hsl(${h},${s}%,${l + shade}%)`;
}

/**
 * @param {number} micros
 * @param {number} rootTotal
 * @param {number | undefined} usPerRequest
 */
function amount(micros, rootTotal, usPerRequest) {
  if (usPerRequest === undefined) return `${(micros / 1000).toFixed(1)} ms`;
  const perRequest = (micros / rootTotal) * usPerRequest;
  return `${perRequest < 10 ? perRequest.toFixed(2) : perRequest.toFixed(1)} µs/req`;
}

/**
 * Self time per layer (the colour of the boxes), largest first.
 * @param {Frame} root
 */
function selfByLayer(root) {
  /** @type {Map<string, number>} */
  const byLayer = new Map();
  /** @type {Frame[]} */
  const stack = [...root.children.values()];
  while (stack.length > 0) {
    const frame = /** @type {Frame} */ (stack.pop());
    byLayer.set(frame.layer, (byLayer.get(frame.layer) ?? 0) + frame.self);
    stack.push(...frame.children.values());
  }
  return [...byLayer].sort((a, b) => b[1] - a[1]);
}

/**
 * @param {Frame} root
 * @param {{ width: number, minPx: number, top: number, depthLimit: number, usPerRequest: number | undefined }} layout
 * @returns {{ boxes: string[], depth: number }}
 */
function drawFrames(root, { width, minPx, top, depthLimit, usPerRequest }) {
  const scale = (width - 2 * MARGIN) / Math.max(1, root.total);
  /** @type {{ frame: Frame, x: number, depth: number }[]} */
  const placed = [];
  /** @type {{ frame: Frame, x: number, depth: number }[]} */
  const stack = [{ frame: root, x: MARGIN, depth: 0 }];
  let maxDepth = 0;
  while (stack.length > 0) {
    const item = /** @type {{ frame: Frame, x: number, depth: number }} */ (stack.pop());
    placed.push(item);
    maxDepth = Math.max(maxDepth, item.depth);
    if (item.depth + 1 >= depthLimit) continue;
    // Alphabetical, as flame graphs are: the same frames sit in the same order in two graphs.
    const children = [...item.frame.children.values()].sort((a, b) =>
      a.name === b.name ? a.file.localeCompare(b.file) : a.name.localeCompare(b.name),
    );
    let x = item.x;
    for (const child of children) {
      const w = child.total * scale;
      if (w >= minPx) stack.push({ frame: child, x, depth: item.depth + 1 });
      x += w;
    }
  }
  const bottom = top + (maxDepth + 1) * FRAME_HEIGHT;
  const boxes = placed.map(({ frame, x, depth }) => {
    const w = frame.total * scale;
    const y = bottom - (depth + 1) * FRAME_HEIGHT;
    const share = ((frame.total / Math.max(1, root.total)) * 100).toFixed(2);
    const where = frame.file ? `${frame.file}:${frame.line}` : 'native';
    const tooltip =
      frame === root
        ? `all: ${amount(root.total, root.total, usPerRequest)}, the busy CPU time`
        : `${frame.name} (${where})\n${frame.layer}\n${amount(frame.total, root.total, usPerRequest)} (${share}%), self ${amount(frame.self, root.total, usPerRequest)}`;
    const maxChars = Math.floor((w - 6) / CHAR_WIDTH);
    const label =
      maxChars >= 3
        ? text(
            x + 3,
            y + FRAME_HEIGHT - 4,
            truncate(frame === root ? tooltip : frame.name, maxChars),
          )
        : '';
    return `<g><title>${escapeXml(tooltip)}</title><rect x="${px(x)}" y="${px(y)}" width="${px(w)}" height="${FRAME_HEIGHT - 1}" fill="${frame === root ? '#d0d0d0' : fill(frame)}" rx="1"/>${label}</g>`;
  });
  return { boxes, depth: maxDepth + 1 };
}

/**
 * The flame graph of one profile as SVG text.
 * @param {CpuProfile} profile
 * @param {{
 *   title: string,
 *   lines?: string[],
 *   usPerRequest?: number,
 *   width?: number,
 *   maxBytes?: number,
 * }} options `usPerRequest`: the CPU one request costs (busy time per request), to show µs per
 *   request; without it, boxes show ms of profile time. `lines` go under the title.
 */
export function flameGraphSvg(
  profile,
  { title, lines = [], usPerRequest, width = 1200, maxBytes = MAX_BYTES },
) {
  const root = mergeStacks(profile);
  const layers = selfByLayer(root);
  /** @type {string[]} */
  const head = [text(MARGIN, 24, title, { 'font-size': 17, 'font-weight': 'bold' })];
  let y = 42;
  for (const line of lines) {
    head.push(text(MARGIN, y, line, { 'font-size': 12, fill: '#444444' }));
    y += 16;
  }
  // The legend: every layer's colour and its share of self time (Node's own work done for a
  // library counts for Node here, unlike costByLayer's table).
  const perRow = Math.max(1, Math.floor((width - 2 * MARGIN) / LEGEND_WIDTH));
  layers.forEach(([layer, micros], index) => {
    const x = MARGIN + (index % perRow) * LEGEND_WIDTH;
    const rowY = y + 6 + Math.floor(index / perRow) * 17;
    const { h, s, l } = layerColour(layer);
    const share = ((micros / Math.max(1, root.total)) * 100).toFixed(1);
    head.push(
      `<rect x="${x}" y="${px(rowY - 10)}" width="12" height="12" fill="hsl(${h},${s}%,${l}%)"/>`,
      text(x + 17, rowY, `${truncate(layer, 44)} ${share}%`, { 'font-size': 11 }),
    );
  });
  const top = y + 6 + Math.ceil(layers.length / perRow) * 17 + 6;

  // Narrowest boxes first to go until the file fits the budget.
  let svg = '';
  for (const minPx of [0.3, 0.6, 1, 2, 4, 8]) {
    const { boxes, depth } = drawFrames(root, {
      width,
      minPx,
      top: top + 16,
      depthLimit: 400,
      usPerRequest,
    });
    const cut = (minPx / (width - 2 * MARGIN)) * (usPerRequest ?? root.total / 1000);
    const note = text(
      MARGIN,
      top + 6,
      `width: CPU time with callees, stacks merged by function+file+line · legend: self time per layer · boxes < ${minPx} px (${cut.toFixed(2)} ${usPerRequest === undefined ? 'ms' : 'µs/req'}) hidden · hover for figures`,
      { 'font-size': 11, fill: '#666666' },
    );
    const height = top + 16 + depth * FRAME_HEIGHT + MARGIN;
    svg = svgDocument(
      { width, height, title, font: 'ui-monospace, Menlo, Consolas, DejaVu Sans Mono, monospace' },
      [...head, note, `<g font-size="${FONT_SIZE}">`, ...boxes, '</g>'],
    );
    if (Buffer.byteLength(svg) <= maxBytes) break;
  }
  return svg;
}

// The command line: convert a profile kept from an earlier run.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [input, output, title, perRequest] = process.argv.slice(2);
  const usPerRequest = perRequest === undefined ? undefined : Number(perRequest);
  if (!input || !output || (usPerRequest !== undefined && !(usPerRequest > 0))) {
    console.error(
      'usage: node bench/profile/flamegraph.js <in.cpuprofile> <out.svg> [title] [µs per request]',
    );
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(input, 'utf8'));
  writeFileSync(output, flameGraphSvg(profile, { title: title ?? input, usPerRequest }));
  console.log(`wrote ${output}`);
}
