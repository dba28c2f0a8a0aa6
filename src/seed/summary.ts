import { performance } from 'node:perf_hooks';

interface Stage {
  name: string;
  rows?: number;
  ms: number;
}

const number = new Intl.NumberFormat('en-US');

/** Times each step of the run and prints them as one table at the end. */
export class StageTimer {
  private readonly started = performance.now();
  private readonly stages: Stage[] = [];

  /** Runs `work`; `rowsOf` says how many rows it wrote, for steps that fill a table. */
  async time<T>(name: string, work: () => Promise<T>, rowsOf?: (result: T) => number): Promise<T> {
    const start = performance.now();
    const result = await work();
    this.stages.push({ name, rows: rowsOf?.(result), ms: performance.now() - start });
    return result;
  }

  render(): string {
    const total = { name: 'total', rows: this.totalRows(), ms: performance.now() - this.started };
    const lines = [...this.stages, total].map(({ name, rows, ms }) => [
      name,
      rows === undefined ? '' : number.format(rows),
      number.format(Math.round(ms)),
    ]);
    const header = ['step', 'rows', 'ms'];
    const widths = header.map((title, i) =>
      Math.max(title.length, ...lines.map((l) => l[i].length)),
    );
    const format = (cells: string[]) =>
      cells
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
        .join('  ');
    const rule = widths.map((width) => '-'.repeat(width)).join('  ');
    return [
      format(header),
      rule,
      ...lines.slice(0, -1).map(format),
      rule,
      format(lines.at(-1)!),
    ].join('\n');
  }

  private totalRows(): number {
    return this.stages.reduce((sum, stage) => sum + (stage.rows ?? 0), 0);
  }
}
