import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reproduce } from './curl.js';
import type { FuzzResult } from './run-fuzz.js';

/** Where long request bodies of findings are written, for the curl lines to read. */
export const OUTPUT_DIR = 'test-results/fuzz';

/** The run in a few lines: volume, speed, statuses, coverage, then every finding with its curl. */
export function formatReport(result: FuzzResult, rerun: string): string {
  const seconds = result.elapsedMs / 1000;
  const lines = [
    `fuzz: seed ${result.seed}, ${result.sent} requests in ${seconds.toFixed(1)} s (${(result.sent / seconds).toFixed(0)} requests/s)`,
    `phases: ${result.phases
      .map(
        ({ name, ms, requests }) =>
          `${name} ${(ms / 1000).toFixed(1)} s${requests > 0 ? ` (${requests} requests, ${((requests * 1000) / Math.max(ms, 1)).toFixed(0)}/s)` : ''}`,
      )
      .join(', ')}`,
    `statuses: ${[...result.statuses.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, count]) => `${status} ×${count}`)
      .join(', ')}`,
  ];
  const counts = [...result.coverage.values()];
  const reached = counts.filter((count) => count > 0).length;
  lines.push(
    `targets: ${reached} of ${counts.length} (REST operations, GraphQL fields, raw requests, unknown routes), ${Math.min(...counts)} to ${Math.max(...counts)} requests each`,
  );
  const { api, fuzzer } = result.cpu;
  lines.push(
    `cpu: API ${api === undefined ? '?' : api.toFixed(1)} s, fuzzer ${fuzzer.toFixed(1)} s`,
  );
  if (result.crash) lines.push(`CRASH: ${result.crash}`);
  if (result.findings.length === 0 && !result.crash) {
    lines.push('findings: none');
    return lines.join('\n');
  }
  lines.push(
    `findings: ${result.findings.length} distinct (target, status, rule, error), seed ${result.seed}; by error:`,
    ...byError(result.findings),
    '',
    'each, with a command that sends the same request again:',
  );
  mkdirSync(OUTPUT_DIR, { recursive: true });
  result.findings.forEach((finding, index) => {
    const saveBody = (body: Buffer) => {
      const file = join(OUTPUT_DIR, `seed-${result.seed}-finding-${index + 1}.body`);
      writeFileSync(file, body);
      return file;
    };
    lines.push(
      '',
      `${index + 1}. [${finding.rule}] ${finding.target} -> ${finding.status || 'no answer'} (${finding.count}×, first as ${finding.variant})`,
      `   ${finding.detail}`,
      ...finding.cause.slice(0, 2).map((cause) => `   logged: ${cause.slice(0, 300)}`),
      `   ${reproduce(finding.baseUrl, finding.request, saveBody)}`,
    );
  });
  lines.push('', `reproduce the run: ${rerun}`);
  return lines.join('\n');
}

/** The findings grouped by what went wrong, whatever the target: usually a handful of causes. */
function byError(findings: FuzzResult['findings']): string[] {
  const groups = new Map<string, { label: string; requests: number; targets: string[] }>();
  for (const finding of findings) {
    const status = finding.status || 'no answer';
    const key = `${finding.rule} ${status} ${finding.error}`;
    const label = `[${finding.rule}] ${status}: ${finding.cause[0] ?? finding.error}`;
    const group = groups.get(key) ?? { label, requests: 0, targets: [] };
    group.requests += finding.count;
    group.targets.push(finding.target);
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) => b.targets.length - a.targets.length)
    .map(({ label, requests, targets }) => {
      const shown =
        targets.length > 6
          ? `${targets.slice(0, 6).join(', ')}, +${targets.length - 6}`
          : targets.join(', ');
      return `  ${label.slice(0, 160)} (${requests}×: ${shown})`;
    });
}
