// @ts-check
/**
 * Validates rendered Kubernetes manifests (the output of `kubectl kustomize`): every object
 * against its schema (scripts/lib/kubernetes/schemas.js), then the policies of
 * scripts/lib/kubernetes/policies.js on the whole set.
 *
 *   node scripts/lib/kubernetes/validate.js [--require-digest NAME]... FILE...
 *
 * Each FILE is one rendered overlay, named in messages by its base name without .yaml;
 * --require-digest NAME also requires every image of overlay NAME to be pinned by digest.
 * Prints one line per failure ("overlay: Kind/name container x: rule: message") and exits 1
 * when there is any.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { policyFindings } from './policies.js';
import { schemaErrors } from './schemas.js';
import { refOf } from './workloads.js';

/**
 * @typedef {import('./workloads.js').K8sObject} K8sObject
 * @typedef {{ overlay: string; requireDigest?: boolean }} Options
 */

/**
 * @param {string} text multi-document YAML
 * @param {Options} options
 * @returns {Promise<{ objects: K8sObject[]; failures: string[] }>}
 */
export async function validateManifests(text, { overlay, requireDigest = false }) {
  /** @type {string[]} */
  const failures = [];
  /** @type {K8sObject[]} */
  const objects = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      failures.push(
        `${overlay}: yaml: ${document.errors.map((error) => error.message).join('; ')}`,
      );
      continue;
    }
    const value = /** @type {unknown} */ (document.toJS());
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      failures.push(`${overlay}: yaml: a document is not a mapping`);
      continue;
    }
    objects.push(/** @type {K8sObject} */ (value));
  }
  if (objects.length === 0) failures.push(`${overlay}: no objects rendered`);

  for (const object of objects) {
    for (const error of await schemaErrors(object)) {
      failures.push(`${overlay}: ${refOf(object)}: schema: ${error}`);
    }
  }
  for (const finding of policyFindings(objects, { requireDigest })) {
    const container = finding.container ? ` ${finding.container}` : '';
    failures.push(`${overlay}: ${finding.object}${container}: ${finding.rule}: ${finding.message}`);
  }
  return { objects, failures };
}

/** @param {string[]} argv */
async function main(argv) {
  /** @type {Set<string>} */
  const digestPinned = new Set();
  /** @type {string[]} */
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--require-digest') digestPinned.add(argv[++i] ?? '');
    else files.push(argv[i]);
  }
  if (files.length === 0) {
    console.error('usage: validate.js [--require-digest NAME]... FILE...');
    return 2;
  }
  let failed = 0;
  for (const file of files) {
    const overlay = basename(file).replace(/\.ya?ml$/, '');
    const requireDigest = digestPinned.has(overlay);
    const { objects, failures } = await validateManifests(readFileSync(file, 'utf8'), {
      overlay,
      requireDigest,
    });
    for (const failure of failures) console.error(`FAIL ${failure}`);
    failed += failures.length;
    const kinds = new Map();
    for (const object of objects) kinds.set(object.kind, (kinds.get(object.kind) ?? 0) + 1);
    const summary = [...kinds].map(([kind, count]) => `${count} ${kind}`).join(', ');
    console.log(
      `${overlay}: ${objects.length} objects (${summary}), ${failures.length} failure(s)` +
        (requireDigest ? ', images pinned by digest required' : ''),
    );
  }
  return failed > 0 ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
