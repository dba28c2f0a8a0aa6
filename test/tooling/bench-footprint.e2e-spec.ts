import { afterEach, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { median, nodeProcess, readFootprintConfig, rssMb } from '../../bench/lib/footprint.js';
import { PROCESS_START_MS, waitFor } from '../support/wait-for.js';

// The pure parts and the /proc reading of bench/lib/footprint.js; the phase itself starts the
// built API and worker, which `npm run bench` does.
describe('bench footprint (bench/lib/footprint.js)', () => {
  let wrapper: ChildProcess | undefined;
  afterEach(() => {
    // The shell's own group: the node child goes with it.
    if (wrapper?.pid) process.kill(-wrapper.pid, 'SIGKILL');
    wrapper = undefined;
  });

  it('runs by default only when every scenario runs, and BENCH_FOOTPRINT decides otherwise', () => {
    const all = { scenariosPicked: false, imagesOnly: false };
    expect(readFootprintConfig({}, all)).toEqual({ enabled: true, mode: 'auto', starts: 3 });
    expect(readFootprintConfig({}, { ...all, scenariosPicked: true }).enabled).toBe(false);
    expect(readFootprintConfig({}, { ...all, imagesOnly: true }).enabled).toBe(false);
    expect(
      readFootprintConfig(
        { BENCH_FOOTPRINT: 'on', BENCH_STARTS: '5' },
        { ...all, imagesOnly: true },
      ),
    ).toEqual({ enabled: true, mode: 'on', starts: 5 });
    expect(readFootprintConfig({ BENCH_FOOTPRINT: 'off' }, all).enabled).toBe(false);
    expect(() => readFootprintConfig({ BENCH_STARTS: '0' }, all)).toThrow(/BENCH_STARTS/);
    expect(() => readFootprintConfig({ BENCH_FOOTPRINT: 'yes' }, all)).toThrow(/BENCH_FOOTPRINT/);
  });

  it('takes the middle start, or the mean of the two middle ones', () => {
    expect(median([3.1, 1.2, 1.5])).toBe(1.5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });

  it('reads the RSS of the node process, looking through a wrapper to its node child', async () => {
    expect(nodeProcess(process.pid)).toBe(process.pid);
    expect(rssMb(process.pid)).toBeGreaterThan(10);

    // `; true` keeps the shell alive as the parent, as a wrapper script would; the node child
    // idles until afterEach kills the group.
    wrapper = spawn('sh', ['-c', `"${process.execPath}" -e "setInterval(() => {}, 1000)"; true`], {
      detached: true,
      stdio: 'ignore',
    });
    const shell = wrapper.pid as number;
    const node = await waitFor(
      () => {
        try {
          return nodeProcess(shell);
        } catch {
          return undefined;
        }
      },
      { description: 'the node child of the shell', timeoutMs: PROCESS_START_MS },
    );
    expect(node).not.toBe(shell);
    // Found as soon as it has exec'd, a node process has not yet mapped most of itself: on a
    // busy machine the first reading can be under a megabyte. Wait for it to grow past the shell.
    await waitFor(() => rssMb(node) > rssMb(shell), {
      description: 'the node child to outgrow its shell',
      timeoutMs: PROCESS_START_MS,
      context: () => `node ${rssMb(node)} MB, shell ${rssMb(shell)} MB`,
    });
  });
});
