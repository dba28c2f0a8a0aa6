// @ts-check
// Turns the list of changes into the text printed by `npm run openapi:diff`.
import { formatJsonPath } from './json-path.js';

/** @typedef {import('./compare-spec.js').Change} Change */

const MARK = { breaking: '-', added: '+', changed: '~' };

/** @param {Change} change */
const line = (change) => `  ${MARK[change.kind]} ${formatJsonPath(change.path)}: ${change.message}`;

/**
 * @param {Change[]} changes
 * @param {string} against what the current spec was compared with, e.g. "origin/main:openapi.json"
 * @returns {string}
 */
export function formatReport(changes, against) {
  const breaking = changes.filter((c) => c.kind === 'breaking');
  const other = changes.filter((c) => c.kind !== 'breaking');
  const out = [`openapi.json compared with ${against}`];
  if (breaking.length > 0) {
    out.push('', `Breaking changes (${breaking.length}):`, ...breaking.map(line));
  }
  if (other.length > 0) {
    out.push(
      '',
      `Non-breaking changes (${other.length}; + added, ~ relaxed or changed):`,
      ...other.map(line),
    );
  }
  out.push(
    '',
    breaking.length > 0
      ? `${breaking.length} breaking change(s): existing clients may fail.`
      : changes.length > 0
        ? 'No breaking changes.'
        : 'No changes.',
  );
  return out.join('\n');
}
