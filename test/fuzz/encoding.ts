const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * Percent-encodes a string as WTF-8: like encodeURIComponent, except that a lone surrogate is
 * encoded as its three bytes (%ED%A0%80) instead of throwing, so the server gets to see it.
 */
export function percentEncode(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    const next = value.charCodeAt(i + 1);
    let point = unit;
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      point = 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00);
      i++;
    }
    const char = String.fromCodePoint(point);
    out += point < 0x80 && UNRESERVED.test(char) ? char : bytesOf(point).map(hex).join('');
  }
  return out;
}

/**
 * Any generated value as text for a path or query string. String() throws on an object whose
 * `toString` key is a poison value, and objects would all read "[object Object]".
 */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

const hex = (byte: number) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;

function bytesOf(point: number): number[] {
  if (point < 0x80) return [point];
  if (point < 0x800) return [0xc0 | (point >> 6), 0x80 | (point & 0x3f)];
  if (point < 0x10000) {
    return [0xe0 | (point >> 12), 0x80 | ((point >> 6) & 0x3f), 0x80 | (point & 0x3f)];
  }
  return [
    0xf0 | (point >> 18),
    0x80 | ((point >> 12) & 0x3f),
    0x80 | ((point >> 6) & 0x3f),
    0x80 | (point & 0x3f),
  ];
}

/** JSON text; JSON.stringify already writes a lone surrogate as the escape "\ud800". */
export const jsonBody = (value: unknown): Buffer =>
  Buffer.from(JSON.stringify(value) ?? 'null', 'utf8');

/** Header values Node will send: Latin-1 without control characters (others go raw). */
export function headerSafe(value: string): string {
  return value.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');
}
