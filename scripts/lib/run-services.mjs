// Runs the API and the worker side by side for `npm run up` (and, with --watch, the TypeScript
// compiler as well, for `npm run dev`), as direct children of this one process.
//
// Why not `concurrently "npm run start" ...`: every npm and shell in between is another process
// that must pass a signal on. That chain was 8 processes deep and about 430 MB, and SIGTERM to
// `npm run up` left the API running under PID 1. Here a signal has one hop to make: the children
// run in a process group of their own (a terminal's Ctrl-C reaches this process only, never the
// children twice, which they would read as "exit now"), and this process passes each signal on
// once, waits for both to finish their graceful shutdown, and exits with them.
//
// The children's command lines are package.json's `start` and `start:worker`, so the flags
// production runs with are written in one place.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const watch = process.argv.includes('--watch');
const scripts = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
).scripts;

/** `node <args>` of a package.json script, as arguments for this same Node binary. */
function nodeArgs(script) {
  const [command, ...args] = scripts[script].split(/\s+/);
  if (command !== 'node') throw new Error(`package.json "${script}" must start with node`);
  // In development, stack traces point into src/ and a rebuilt dist/ restarts the process.
  return watch ? ['--enable-source-maps', '--watch-path=dist', ...args] : args;
}

const services = [
  { name: 'api', colour: 32, args: nodeArgs('start') },
  { name: 'worker', colour: 35, args: nodeArgs('start:worker') },
];
if (watch) {
  services.unshift({
    name: 'tsc',
    colour: 34,
    args: [
      'node_modules/typescript/bin/tsc',
      '-p',
      'tsconfig.build.json',
      '--watch',
      '--preserveWatchOutput',
    ],
  });
}

const colour = process.stdout.isTTY && !process.env.NO_COLOR;
const running = new Map();
let stopping = false;
let exitCode = 0;

function prefixLines(stream, output, label) {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) =>
    output.write(`${label} ${line}\n`),
  );
}

for (const service of services) {
  const child = spawn(process.execPath, service.args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const label = colour
    ? `\u001b[${service.colour}m[${service.name}]\u001b[0m`
    : `[${service.name}]`;
  prefixLines(child.stdout, process.stdout, label);
  prefixLines(child.stderr, process.stderr, label);
  running.set(service.name, child);
  child.on('exit', (code, signal) => {
    running.delete(service.name);
    process.stderr.write(`${label} exited with ${signal ?? `code ${code}`}\n`);
    if (!stopping) {
      // One service gone means the pair is broken: stop the other rather than run half a system.
      exitCode = code || 1;
      stop('SIGTERM');
    }
    if (running.size === 0) process.exit(exitCode);
  });
}

function stop(signal) {
  stopping = true;
  for (const child of running.values()) child.kill(signal);
}

// A first signal asks for a graceful stop; a second is passed on too, and the services read it
// as "exit now".
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => stop(signal === 'SIGHUP' ? 'SIGTERM' : signal));
}

// `npm run up` is npm, then `sh -c scripts/up`, then this process (the script execs it). npm
// passes SIGTERM to that shell only, and the shell dies without passing it on; a SIGKILL of npm
// passes nothing at all. Either way this process is handed to another parent, which is the sign
// to stop.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent && !stopping) stop('SIGTERM');
}, 250).unref();
