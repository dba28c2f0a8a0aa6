import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';

const read = (path: string) => readFileSync(path, 'utf8');
const semiSpace = (text: string) =>
  [...text.matchAll(/--max-semi-space-size=(\d+)/g)].map((m) => m[1]);

/**
 * Production's V8 flags live in four places: the npm start scripts, the image's entry point, and
 * the bench's API and worker, which must start the processes the way production does.
 */
describe('the V8 flags production runs with', () => {
  it('are the same in npm start, start:worker, the Dockerfile and the bench', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> })
      .scripts;
    const places = {
      start: semiSpace(scripts.start),
      'start:worker': semiSpace(scripts['start:worker']),
      Dockerfile: semiSpace(
        read('docker/Dockerfile')
          .split('\n')
          .filter((l) => l.startsWith('ENTRYPOINT'))
          .join('\n'),
      ),
      'bench API': semiSpace(read('bench/lib/servers.js')),
      'bench worker': semiSpace(read('bench/lib/images-processes.js')),
    };
    expect(places).toEqual({
      start: ['16'],
      'start:worker': ['16'],
      Dockerfile: ['16'],
      'bench API': ['16'],
      'bench worker': ['16'],
    });
  });
});
