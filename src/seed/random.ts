/** Largest seed accepted by {@link Random}: seeds are 32-bit so every seed names one sequence. */
export const MAX_SEED = 0xffff_ffff;

// FNV-1a: turns a stream label into 32 bits so each table gets its own independent sequence.
function hashLabel(label: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) hash = Math.imul(hash ^ label.charCodeAt(i), 0x0100_0193);
  return hash >>> 0;
}

/**
 * A seedable pseudo-random generator (SFC32). Math.random cannot be seeded, and one stream per
 * table keeps, say, the articles identical when only the number of comments changes.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = '') {
    // SplitMix32 spreads one 32-bit value over the four words of state.
    let state = (seed ^ hashLabel(stream)) >>> 0;
    const split = () => {
      state = (state + 0x9e37_79b9) | 0;
      let z = Math.imul(state ^ (state >>> 16), 0x85eb_ca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2_ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = split();
    for (let i = 0; i < 12; i++) this.uint32(); // the first outputs of a fresh state are weak
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 0x1_0000_0000;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Index i with probability weights[i] / sum(weights). */
  weighted(weights: readonly number[]): number {
    let roll = this.next() * weights.reduce((sum, weight) => sum + weight, 0);
    for (let i = 0; i < weights.length; i++) {
      roll -= weights[i];
      if (roll < 0) return i;
    }
    return weights.length - 1;
  }

  /** A copy in random order (Fisher-Yates). */
  shuffled<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }

  /** A version-4-shaped UUID drawn from this stream, so ids repeat with the seed. */
  uuid(): string {
    const hex = [this.uint32(), this.uint32(), this.uint32(), this.uint32()]
      .map((word) => word.toString(16).padStart(8, '0'))
      .join('');
    const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

/**
 * Draws item indices 0..n-1 with Zipf-like weights (1 / rank^exponent) over a shuffled ranking:
 * a few popular items and a long tail, with popularity unrelated to the order items were made.
 */
export class Popularity {
  private readonly ranking: number[];
  private readonly cumulative: Float64Array;

  /** With `shuffle` false, index 0 is the most popular (a list already ordered by taste). */
  constructor(random: Random, size: number, exponent: number, shuffle = true) {
    const indices = Array.from({ length: size }, (_, index) => index);
    this.ranking = shuffle ? random.shuffled(indices) : indices;
    this.cumulative = new Float64Array(size);
    let total = 0;
    for (let rank = 0; rank < size; rank++) {
      total += 1 / (rank + 1) ** exponent;
      this.cumulative[rank] = total;
    }
  }

  draw(random: Random): number {
    const target = random.next() * this.cumulative[this.cumulative.length - 1];
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle] > target) high = middle;
      else low = middle + 1;
    }
    return this.ranking[low];
  }
}
