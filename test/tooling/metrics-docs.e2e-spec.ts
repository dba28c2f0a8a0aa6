import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { METRICS } from '../../src/infra/metrics/catalog.js';

describe('docs/metrics.md', () => {
  const rows = readFileSync('docs/metrics.md', 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split('|').map((cell) => cell.trim()));

  it('lists every exported series with its type, labels and process, and nothing else', () => {
    const documented = rows.map(([, name, type, labels, sources]) => ({
      name: name.replaceAll('`', ''),
      type,
      labels: labels === '–' ? [] : labels.split(', ').map((label) => label.replaceAll('`', '')),
      sources: sources.split(', '),
    }));
    const catalog = Object.values(METRICS).map(({ name, type, labels, sources }) => ({
      name,
      type,
      labels: [...labels],
      sources: [...sources],
    }));
    expect(documented).toEqual(catalog);
  });
});
