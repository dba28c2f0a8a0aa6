import { AppError } from '../errors/app-error.js';

// Control characters (C0, DEL, C1): no slug, username or id contains one.
const CONTROL = /\p{Cc}/u;

/**
 * False for a NUL, which a Postgres text value cannot hold, and for an unpaired surrogate, which
 * is not text at all (validators that encode URIs throw on it).
 */
export function isStorableText(value: string): boolean {
  return value.isWellFormed() && !value.includes('\0');
}

/** A path segment (slug, username, id) must be storable and free of control characters. */
export function isPlainSegment(value: string): boolean {
  return isStorableText(value) && !CONTROL.test(value);
}

/** True when any string in a parsed JSON value, or any of its keys, is not storable text. */
export function containsUnstorableText(value: unknown): boolean {
  const stack = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node === 'string' && !isStorableText(node)) return true;
    if (typeof node !== 'object' || node === null) continue;
    if (!Array.isArray(node) && !Object.keys(node).every(isStorableText)) return true;
    for (const child of Object.values(node)) stack.push(child);
  }
  return false;
}

/** The 400 for such input, wherever it arrives: `where` names the part, e.g. "a path parameter". */
export function invalidCharacters(
  where: string,
  what = 'a NUL character or an unpaired surrogate',
) {
  return new AppError('bad_request', 'INVALID_CHARACTERS', `${where} contains ${what}.`);
}
