import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * The end of an export command for a committed, generated file (schema.graphql, openapi.json):
 *   (no flag)  print it
 *   --write    write the file
 *   --check    exit 1 with a diff when the committed file differs from the code (CI)
 */
export function finishGeneratedFile(file: string, generated: string, exportScript: string): void {
  if (process.argv.includes('--check')) process.exitCode = check(file, generated, exportScript);
  else if (process.argv.includes('--write')) writeFileSync(file, generated);
  else process.stdout.write(generated);
}

function check(file: string, generated: string, exportScript: string): number {
  if (committedText(file) === generated) {
    console.log(`${file} matches what the code generates.`);
    return 0;
  }
  console.error(
    `${file} differs from what the code generates (- committed, + code).\n` +
      `Run \`npm run build && npm run ${exportScript}\` and commit ${file}.\n`,
  );
  const labels = ['--label', `${file} (committed)`, '--label', 'generated from the code'];
  const diff = spawnSync('diff', ['-u', ...labels, file, '-'], {
    input: generated,
    encoding: 'utf8',
  });
  console.error(diff.stdout || diff.error?.message || '(no diff available)');
  return 1;
}

function committedText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
