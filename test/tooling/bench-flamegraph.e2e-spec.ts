import { describe, expect, it } from '@jest/globals';
import { flameGraphSvg, mergeStacks, shortFile } from '../../bench/profile/flamegraph.js';
import { wellFormedXmlProblems } from '../support/well-formed-xml.js';

// A V8 CPU profile made by hand. Each stack is a list of "name@url:line" frames, root first, and
// gets nodes of its own (as V8 makes several nodes for one function), plus one sample of `us`.
type CpuProfile = Parameters<typeof flameGraphSvg>[0];
type ProfileNode = CpuProfile['nodes'][number];

function profileOf(stacks: [frames: string[], us: number][]): CpuProfile {
  const root: ProfileNode = {
    id: 1,
    callFrame: { functionName: '(root)', url: '', lineNumber: -1 },
    children: [],
  };
  const nodes = [root];
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  for (const [frames, us] of stacks) {
    let parent = root;
    for (const frame of frames) {
      const [, functionName, url, line] = /^(.*?)(?:@(.*):(\d+))?$/s.exec(frame) ?? [];
      const node: ProfileNode = {
        id: nodes.length + 1,
        callFrame: { functionName, url: url ?? '', lineNumber: Number(line ?? 0) - 1 },
        children: [],
      };
      nodes.push(node);
      parent.children?.push(node.id);
      parent = node;
    }
    samples.push(parent.id);
    timeDeltas.push(us);
  }
  return { nodes, samples, timeDeltas };
}

const ROUTE = 'route@file:///srv/app/node_modules/fastify/lib/route.js:10';
const HANDLER = 'handler@file:///srv/app/dist/src/app.controller.js:5';

const small = profileOf([
  [[ROUTE, HANDLER], 300],
  [[ROUTE, HANDLER], 200],
  [[ROUTE], 100],
  [['(idle)'], 5_000],
]);

/** The `<title>` and `<rect>` of the box whose tooltip starts with `name (`. */
function box(svg: string, name: string) {
  const match = new RegExp(`<g><title>${name} \\(([^<]*)</title><rect ([^>]*)/>`).exec(svg);
  if (!match) throw new Error(`no box for ${name}`);
  const width = Number(/width="([\d.]+)"/.exec(match[2])?.[1]);
  const fill = /fill="([^"]+)"/.exec(match[2])?.[1];
  return { tooltip: match[1], width, fill };
}

describe('flame graphs (bench/profile/flamegraph.js)', () => {
  it('merges the nodes of one frame, adds callees to the width and leaves idle time out', () => {
    const root = mergeStacks(small);
    expect(root.total).toBe(600);
    const [route] = root.children.values();
    expect(route).toMatchObject({ name: 'route', file: 'fastify/lib/route.js', line: 10 });
    expect(route).toMatchObject({ self: 100, total: 600 });
    expect([...route.children.values()]).toEqual([
      expect.objectContaining({ name: 'handler', self: 500, total: 500, layer: 'other app code' }),
    ]);
  });

  it('draws well-formed SVG whose box widths follow CPU time, with µs per request on hover', () => {
    const svg = flameGraphSvg(small, { title: 'GET /x', lines: ['a test'], usPerRequest: 60 });
    expect(wellFormedXmlProblems(svg)).toEqual([]);
    const route = box(svg, 'route');
    const handler = box(svg, 'handler');
    expect(handler.width / route.width).toBeCloseTo(500 / 600, 2);
    expect(handler.tooltip).toContain('dist/src/app.controller.js:5');
    expect(handler.tooltip).toContain('50.0 µs/req (83.33%), self 50.0 µs/req');
    // Coloured by layer: Fastify blue, app code yellow.
    expect(route.fill).toMatch(/^hsl\(210,/);
    expect(handler.fill).toMatch(/^hsl\(52,/);
    expect(svg).not.toContain('/srv/app');
  });

  it('escapes what V8 reports as a function name', () => {
    const svg = flameGraphSvg(
      profileOf([[[`get <a> & "b"\u0001@file:///srv/app/dist/src/x.js:1`], 100]]),
      { title: 'weird & <names>' },
    );
    expect(wellFormedXmlProblems(svg)).toEqual([]);
    expect(svg).toContain('get &lt;a&gt; &amp; &quot;b&quot;');
  });

  it('leaves out the narrowest boxes until the file fits its budget', () => {
    const many = profileOf([
      [[ROUTE, HANDLER], 1_000_000],
      ...Array.from({ length: 4_000 }, (_, i): [string[], number] => [
        [ROUTE, `tiny${i}@file:///srv/app/node_modules/pino/lib/tools.js:${i + 1}`],
        (i % 50) + 1,
      ]),
    ]);
    const svg = flameGraphSvg(many, { title: 'many', maxBytes: 60_000 });
    expect(Buffer.byteLength(svg)).toBeLessThanOrEqual(60_000);
    expect(wellFormedXmlProblems(svg)).toEqual([]);
    expect(box(svg, 'handler').width).toBeGreaterThan(1_000);
    expect(svg).toMatch(/boxes &lt; [\d.]+ px/);
  });

  it('shows files without the paths of the machine that ran the profile', () => {
    expect(shortFile('file:///w/app/node_modules/a/node_modules/pino/lib/x.js')).toBe(
      'pino/lib/x.js',
    );
    expect(shortFile('file:///home/me/app/dist/src/main.js')).toBe('dist/src/main.js');
    expect(shortFile('node:internal/streams/writable')).toBe('node:internal/streams/writable');
    expect(shortFile('')).toBe('');
  });
});
