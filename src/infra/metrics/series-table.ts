export type LabelValues = Record<string, string | number>;

type Level<S> = Map<string | number, Level<S> | S>;

/**
 * The series of one metric, found through one Map per label, keyed by the label's value as
 * given: no key string is built, and V8 has the values' hashes cached already. A value is used
 * as it comes, so each label must always be given the same type (a status code as a number, say).
 */
export class SeriesTable<S> {
  private root: Level<S> = new Map();
  private readonly list: S[] = [];

  constructor(
    private readonly labelNames: readonly string[],
    /** Makes a series; gets only the declared labels, in their declared order. */
    private readonly create: (labels: LabelValues) => S,
  ) {}

  find(labels: LabelValues | undefined): S {
    let node = this.root;
    const last = this.labelNames.length - 1;
    for (let index = 0; index < last; index++) {
      const value = labels?.[this.labelNames[index]] ?? '';
      let next = node.get(value) as Level<S> | undefined;
      if (!next) node.set(value, (next = new Map()));
      node = next;
    }
    const value = last < 0 ? '' : (labels?.[this.labelNames[last]] ?? '');
    let series = node.get(value) as S | undefined;
    if (series === undefined) {
      // An extra key never becomes a label.
      const own: LabelValues = {};
      for (const name of this.labelNames) own[name] = labels?.[name] ?? '';
      series = this.create(own);
      node.set(value, series);
      this.list.push(series);
    }
    return series;
  }

  all(): readonly S[] {
    return this.list;
  }

  clear(): void {
    this.root = new Map();
    this.list.length = 0;
  }
}
