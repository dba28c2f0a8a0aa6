// @ts-check
/**
 * Preloaded into the API by bench/profile.js: SIGUSR2 starts the V8 CPU profiler, the next
 * SIGUSR2 stops it and writes the profile to `<PROFILE_OUT>.<n>.cpuprofile` (n = 1, 2, …). So the profile holds exactly the
 * measured load, none of the start-up or the warm-up (which `--cpu-prof` would include).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

const out = process.env.PROFILE_OUT;
if (!out) throw new Error('PROFILE_OUT is not set');
const session = new Session();
session.connect();
let running = false;
let written = 0;

process.on('SIGUSR2', () => {
  void (async () => {
    if (!running) {
      running = true;
      await session.post('Profiler.enable');
      // 100 µs between samples: fine enough for layers that cost a few µs per request.
      await session.post('Profiler.setSamplingInterval', { interval: 100 });
      await session.post('Profiler.start');
      return;
    }
    const { profile } = await session.post('Profiler.stop');
    running = false;
    written += 1;
    writeFileSync(`${out}.${written}.cpuprofile`, JSON.stringify(profile));
  })();
});
