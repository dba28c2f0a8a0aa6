// @ts-check
/**
 * The shutdown defaults the app applies when a manifest leaves SHUTDOWN_TIMEOUT_MS or
 * SHUTDOWN_DRAIN_DELAY_MS unset, read from src/config so that the grace period check
 * follows a change there instead of keeping a stale copy. A source whose shape no longer
 * matches stops the check with a message that says where to look.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** @param {string} text */
const number = (text) => Number(text.replaceAll('_', ''));

/** @returns {{ timeoutMs: number; productionDrainDelayMs: number; otherDrainDelayMs: number }} */
export function shutdownDefaults() {
  const schema = readFileSync(`${root}src/config/env.schema.ts`, 'utf8');
  const loader = readFileSync(`${root}src/config/load-config.ts`, 'utf8');
  const timeout = /SHUTDOWN_TIMEOUT_MS:[^\n]*\.default\(([\d_]+)\)/.exec(schema);
  const drain =
    /SHUTDOWN_DRAIN_DELAY_MS \?\? \(raw\.NODE_ENV === 'production' \? ([\d_]+) : ([\d_]+)\)/.exec(
      loader,
    );
  if (!timeout || !drain) {
    throw new Error(
      'cannot read the shutdown defaults from src/config/env.schema.ts (SHUTDOWN_TIMEOUT_MS ' +
        '.default(...)) and src/config/load-config.ts (drainDelayMs): update ' +
        'scripts/lib/kubernetes/shutdown-defaults.js to match',
    );
  }
  return {
    timeoutMs: number(timeout[1]),
    productionDrainDelayMs: number(drain[1]),
    otherDrainDelayMs: number(drain[2]),
  };
}
