import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The candidate copy is what a hiring panel hands out: it must work as a repository of its own
// and give away nothing of the grading (exercises/README.md).
const scratch = mkdtempSync(join(tmpdir(), 'exercise-package-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const packageExercise = (...args: string[]) =>
  spawnSync('scripts/exercise-package', args, { encoding: 'utf8', timeout: 120_000 });
const git = (cwd: string, ...args: string[]) =>
  spawnSync('git', args, { cwd, encoding: 'utf8' }).stdout.trim();

describe('npm run exercise:package', () => {
  it('writes a one-commit repository with the brief and the plant, and no trace of the graders', () => {
    const copy = join(scratch, 'candidate');
    const result = packageExercise('3', copy);
    expect(result.status).toBe(0);
    expect(readFileSync(join(copy, 'BRIEF.md'), 'utf8')).toBe(
      readFileSync('exercises/3-edited-articles/brief.md', 'utf8'),
    );
    expect(git(copy, 'rev-list', '--count', 'HEAD')).toBe('1');
    // The plant is in: it would come out again cleanly.
    const reverse = spawnSync(
      'git',
      [
        'apply',
        '--check',
        '--reverse',
        join(process.cwd(), 'exercises/3-edited-articles/plant.patch'),
      ],
      { cwd: copy, encoding: 'utf8' },
    );
    expect(reverse.stderr).toBe('');
    expect(reverse.status).toBe(0);
    expect(git(copy, 'status', '--porcelain')).toBe('');
    expect(existsSync(join(copy, 'exercises'))).toBe(false);
    const files = git(copy, 'ls-files').split('\n');
    expect(files.filter((file) => /exercise|grading|solution/i.test(file))).toEqual([]);
    // Tracked text that names the graders, the patches or the tooling that checks them (the
    // brief may speak of "the exercise").
    const mentions = git(
      copy,
      'grep',
      '-I',
      '-l',
      '-i',
      '-E',
      'grading|solution\\.patch|plant\\.patch|check-exercises|exercise:',
      '--',
      '.',
      ':!BRIEF.md',
    );
    expect(mentions).toBe('');
    const scripts = (
      JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    expect(Object.keys(scripts).filter((name) => name.startsWith('exercise'))).toEqual([]);
  });

  it('refuses an unknown exercise and a directory that is not empty, writing nothing', () => {
    const unknown = packageExercise('9', join(scratch, 'nine'));
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("no exercise '9'");
    expect(existsSync(join(scratch, 'nine'))).toBe(false);

    const taken = join(scratch, 'taken');
    spawnSync('mkdir', ['-p', taken]);
    writeFileSync(join(taken, 'notes.txt'), 'mine');
    const refused = packageExercise('1', taken);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('is not empty');
    expect(readdirSync(taken)).toEqual(['notes.txt']);
  });
});
