#!/usr/bin/env node
// @ts-check
// npm run openapi:diff -- <git-ref>
// Compares ./openapi.json with openapi.json at a git ref and lists the changes that break existing
// clients. Exit 0: none; 1: breaking changes; 2: usage error or unreadable input.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { compareSpecs } from './compare-spec.js';
import { formatReport } from './report.js';

const SPEC = 'openapi.json';
const USAGE = `usage: npm run openapi:diff -- <git-ref>

Compares ./${SPEC} with ${SPEC} at <git-ref> (for example origin/main or HEAD~1) and lists
breaking changes, one per line with its JSON path, then the non-breaking ones.
Exit status: 0 no breaking change, 1 breaking changes, 2 usage error or unreadable input.`;

class UsageError extends Error {}

/** @param {string[]} args @returns {string} the git ref */
function parseArgs(args) {
  if (args.includes('-h') || args.includes('--help')) {
    console.log(USAGE);
    process.exit(0);
  }
  const unknown = args.find((a) => a.startsWith('-'));
  if (unknown) throw new UsageError(`unknown option ${unknown}`);
  if (args.length !== 1)
    throw new UsageError(
      args.length === 0 ? 'a git ref is required' : 'only one git ref is accepted',
    );
  return args[0];
}

/** @param {string[]} args @returns {{ ok: boolean, out: string }} */
function git(args) {
  try {
    return {
      ok: true,
      out: execFileSync('git', args, {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 64 << 20,
      }),
    };
  } catch (error) {
    return {
      ok: false,
      out: String(/** @type {{ stderr?: string }} */ (error).stderr ?? error).trim(),
    };
  }
}

/** @param {string} text @param {string} source @returns {Record<string, any>} */
function parseSpec(text, source) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is not valid JSON: ${/** @type {Error} */ (error).message}`);
  }
  if (typeof doc?.openapi !== 'string' || !doc.openapi.startsWith('3.')) {
    throw new UsageError(`${source} is not an OpenAPI 3 document (no "openapi": "3.x" field)`);
  }
  return doc;
}

function main() {
  const ref = parseArgs(process.argv.slice(2));
  let headText;
  try {
    headText = readFileSync(SPEC, 'utf8');
  } catch {
    throw new UsageError(`./${SPEC} not found (run npm run openapi:export first)`);
  }
  const head = parseSpec(headText, `./${SPEC}`);
  const commit = git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  if (!commit.ok) throw new UsageError(`unknown git ref "${ref}" (fetch it first?)`);
  // "./" makes the path relative to the current directory, like the head file.
  const atRef = git(['show', `${commit.out.trim()}:./${SPEC}`]);
  if (!atRef.ok) {
    // The spec is new in this change: nothing existed that it could break.
    console.log(`${ref} has no ${SPEC}: nothing to compare, no breaking change.`);
    return 0;
  }
  const changes = compareSpecs(parseSpec(atRef.out, `${ref}:${SPEC}`), head);
  console.log(formatReport(changes, `${ref}:${SPEC}`));
  return changes.some((c) => c.kind === 'breaking') ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`openapi:diff: ${error.message}\n\n${USAGE}`);
  } else {
    console.error(`openapi:diff: ${/** @type {Error} */ (error).stack ?? error}`);
  }
  process.exitCode = 2;
}
