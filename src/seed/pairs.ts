import type { Random } from './random.js';

export type Pair = readonly [left: number, right: number];

export interface PairSpace {
  /** Size of the left and right index ranges. */
  left: number;
  right: number;
  /** Whether left === right is a valid pair (a user may favorite, but not follow, themself). */
  allowSame: boolean;
}

export const pairCapacity = ({ left, right, allowSame }: PairSpace): number =>
  left * right - (allowSame ? 0 : Math.min(left, right));

/**
 * `count` distinct pairs. Skewed draws (popular articles, prolific users) come first; a uniform
 * fill finishes when the popular pairs are used up, and dense requests are sampled exhaustively.
 */
export function distinctPairs(
  random: Random,
  space: PairSpace,
  count: number,
  draw: () => Pair,
): Pair[] {
  const capacity = pairCapacity(space);
  if (count > capacity) throw new RangeError(`only ${capacity} distinct pairs exist, not ${count}`);
  if (count * 2 > capacity) return exhaustiveSample(random, space, count);

  const seen = new Set<number>();
  const pairs: Pair[] = [];
  const uniform = (): Pair => [random.int(0, space.left - 1), random.int(0, space.right - 1)];
  for (let attempt = 0; pairs.length < count; attempt++) {
    const pair = attempt < count * 10 ? draw() : uniform();
    const [left, right] = pair;
    const key = left * space.right + right;
    if ((left === right && !space.allowSame) || seen.has(key)) continue;
    seen.add(key);
    pairs.push(pair);
  }
  return pairs;
}

// Used when most possible pairs are wanted, where rejection sampling would crawl.
function exhaustiveSample(random: Random, space: PairSpace, count: number): Pair[] {
  const all: Pair[] = [];
  for (let left = 0; left < space.left; left++) {
    for (let right = 0; right < space.right; right++) {
      if (left !== right || space.allowSame) all.push([left, right]);
    }
  }
  return random.shuffled(all).slice(0, count);
}
