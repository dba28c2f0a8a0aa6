/** Values that have broken web services before: one catalogue, used by every generator. */

/** Strings that are valid UTF-16 but hard on normalisation, collation, case mapping and logs. */
export const UNICODE_EDGE_CASES = [
  'e\u0301\u0301\u0301\u0301', // combining marks stacked on one letter
  'Z\u0351\u0364\u036b\u0337\u0334\u0315', // "zalgo"
  '\u202egnp.exe', // right-to-left override
  '\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627', // Hebrew and Arabic
  '\u{1f469}\u200d\u{1f469}\u200d\u{1f467}\u200d\u{1f466}', // emoji with zero-width joiners
  '\u{1f600}'.repeat(3),
  '\u0130stanbul', // U+0130: lower-cases to two code units
  '\uff21\uff44\uff4d\uff49\uff4e', // full-width "Admin"
  '\ufeffbom',
  'zero\u200bwidth',
  '\u00df\u00df\u00df', // upper-cases to "SSSSSS"
  '\ufdfd', // the widest single character
  'a\u0000b', // NUL
  '\u0000',
  'tab\there\r\nnew line',
  '\u0001\u0002\u0003\u001b[31mred\u001b[0m', // control characters and an ANSI escape
  '\u007f\u0085\u2028\u2029', // DEL, NEL, line and paragraph separators
  '\ud800', // lone high surrogate
  '\udfff', // lone low surrogate
  'x\udc00\ud800y', // surrogates in the wrong order
  '\uffff\ufffe',
];

/** Strings aimed at parsers, paths, templates and databases behind the API. */
export const INJECTION_STRINGS = [
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  '%00',
  '%E0%A4%A',
  '../../etc/passwd',
  '..%2f..%2f',
  '${7*7}{{7*7}}',
  '<script>alert(1)</script>',
  '\\',
  '\\u0000',
  '%',
  '?#',
  ' ',
  '',
  'null',
  'undefined',
  'true',
  '[object Object]',
  '__proto__',
  'constructor',
];

/** Numbers (and number-like strings) at and past the edges of the common integer types. */
export const HOSTILE_NUMBERS: unknown[] = [
  -1,
  0,
  -0,
  2_147_483_647,
  2_147_483_648,
  -2_147_483_649,
  4_294_967_296,
  2 ** 53 + 2, // past Number.MAX_SAFE_INTEGER
  1e308,
  -1e308,
  5e-324,
  1.5,
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '0x10',
  '1_000',
  ' 1',
  '١٢٣', // Arabic-Indic digits
];

/** Integers just past what int4 and float64 columns and JavaScript numbers hold. */
export const INTEGER_EDGES = [2_147_483_648, -2_147_483_649, -1, 0, 1e308, 2 ** 53 + 2];

/** Values of the wrong JSON type for almost any field. */
export const WRONG_TYPES: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  '',
  [],
  {},
  ['a'],
  { nested: { deeper: true } },
  [[[]]],
];

/** Object keys that poison prototypes or confuse class-transformer and the like. */
export const POISON_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

/** Every hostile string in one list. */
export const HOSTILE_STRINGS = [...UNICODE_EDGE_CASES, ...INJECTION_STRINGS];
