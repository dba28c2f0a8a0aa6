import type { Random } from './random.js';
import { ASCII_FOLDS, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES } from './words.js';

export const USERNAME_PATTERN = /^[\p{L}\p{N}_.-]+$/u;
export const USERNAME_MAX_LENGTH = 40;

/** Lower-case ASCII letters and digits only: safe in any mail system. */
export function asciiFold(text: string): string {
  return [...text.normalize('NFD').toLowerCase()]
    .map((char) => ASCII_FOLDS[char] ?? char)
    .join('')
    .replace(/[^a-z0-9]/g, '');
}

/**
 * Hands out names that are unique ignoring letter case, as the database's lower() indexes
 * demand, by appending a number on a clash.
 */
export class UniqueNames {
  private readonly taken = new Set<string>();

  claim(base: string, maxLength: number): string {
    for (let attempt = 1; ; attempt++) {
      const suffix = attempt === 1 ? '' : String(attempt);
      const name = base.slice(0, maxLength - suffix.length) + suffix;
      const key = name.toLowerCase();
      if (!this.taken.has(key)) {
        this.taken.add(key);
        return name;
      }
    }
  }
}

export interface Person {
  first: string;
  last: string;
}

export const person = (random: Random): Person => ({
  first: random.pick(FIRST_NAMES),
  last: random.pick(LAST_NAMES),
});

/** A handle in one of the shapes people pick: "ana.silva", "Søren_J", "matteo-rossi", "mei92". */
export function usernameFor(random: Random, { first, last }: Person): string {
  const year = String(random.int(60, 105) % 100).padStart(2, '0');
  const shapes = [
    `${first}.${last}`.toLowerCase(),
    `${first}_${last[0]}`,
    `${first}-${last}`.toLowerCase(),
    `${first}${year}`.toLowerCase(),
    `${first}${last}`,
    `the_${last}`.toLowerCase(),
  ];
  return shapes[random.weighted([5, 2, 2, 3, 2, 1])];
}

/** An address on a reserved example domain, so nothing seeded can ever reach a real inbox. */
export function emailBaseFor(random: Random, { first, last }: Person): string {
  return random.chance(0.7)
    ? `${asciiFold(first)}.${asciiFold(last)}`
    : `${asciiFold(first)[0]}${asciiFold(last)}`;
}

export const emailDomain = (random: Random): string => random.pick(EMAIL_DOMAINS);
