/**
 * What a username may look like beyond its characters, so that one name cannot pass for
 * another on a profile page or in a URL:
 *
 * 1. It is stored in Unicode NFKC form: fullwidth `ａｄｍｉｎ` is `admin`, and then taken.
 * 2. It has a letter or a digit: `.`, `..`, `-`, `_.-` are refused (`..` is also a path step).
 * 3. Its letters come from one script (Chinese, Japanese and Korean count as one, since they mix
 *    by nature): Latin `admin` with a Cyrillic `а` is refused.
 * 4. A name in another script whose every letter looks like a Latin one (Cyrillic `аdmіn`
 *    written wholly in Cyrillic, `ВОТ`) is refused: usernames are compared without case, and it
 *    would read as a Latin name, existing or future.
 *
 * Rules 3 and 4 follow Unicode's UTS #39 (mixed-script and whole-script confusables) on a small
 * table of the look-alikes that matter for Latin; they never touch ASCII names, so RealWorld
 * clients see no difference.
 */

// Cyrillic, Greek and Armenian letters (lowercase, as names are compared without case) that
// look like a Latin letter in lower or upper case.
const LATIN_LOOKALIKES = new Set([
  ...'авеікмнорстухүѕһԁԛԝӏј', // Cyrillic
  ...'αβεζηικμνορτυχϲϳ', // Greek
  ...'օսհոզ', // Armenian
]);

const SCRIPTS: [string, RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Georgian', /\p{Script=Georgian}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['CJK', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u],
];

const scriptOf = (letter: string): string =>
  SCRIPTS.find(([, pattern]) => pattern.test(letter))?.[0] ?? 'Other';

/** The stored form of a username: trimmed, NFKC. */
export const normalizeUsername = (value: string): string => value.normalize('NFKC').trim();

/** Why a (normalised) username is refused, or undefined when it is fine. */
export function usernameProblem(name: string): string | undefined {
  if (!/[\p{L}\p{N}]/u.test(name)) return 'username must contain a letter or a digit';
  const letters = [...name.toLowerCase()].filter((c) => /\p{L}/u.test(c));
  const scripts = new Set(letters.map(scriptOf));
  if (scripts.size > 1) {
    return `username may not mix letters of different scripts (${[...scripts].join(', ')})`;
  }
  const [script] = scripts;
  if (script && script !== 'Latin' && letters.every((c) => LATIN_LOOKALIKES.has(c))) {
    return `username is written in ${script} letters that all look Latin; it would pass for a Latin name`;
  }
  return undefined;
}
