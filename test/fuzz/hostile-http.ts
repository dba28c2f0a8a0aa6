import { deepObject } from './schema-values.js';
import type { Random } from './random.js';

/** Path segments inserted as they are: already (mis)encoded, or aimed at the router. */
export const PATH_SEGMENTS = [
  '%00',
  'a%00b',
  '%E0%A4%A',
  '%',
  '%zz',
  '%C0%AF',
  '%ED%A0%80',
  '%F4%90%80%80',
  '%FF',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e',
  '..',
  '.',
  '%2F',
  '%20',
  '+',
  ';x=1',
  '%3Fq%3D1',
  '%23frag',
  '2147483648',
  '-1',
  '-2147483649',
  '1e308',
  '0x7fffffff',
  '1.5',
  '9'.repeat(30),
  'NaN',
  'null',
  '0',
  'x'.repeat(101),
  'x'.repeat(2_000),
  'x'.repeat(9_000),
  'x'.repeat(70_000),
];

/** Whole query strings (without the "?"), aimed at the parser and the limits. */
export function hostileQuery(random: Random, names: string[]): string {
  const name = names.length > 0 ? random.pick(names) : random.pick(['limit', 'page', 'q']);
  return random.pick([
    `${name}=%00`,
    `${name}=2147483648`,
    `${name}=-1`,
    `${name}=1e308`,
    `${name}=NaN`,
    `${name}=1.5`,
    `${name}=`,
    name,
    `${name}[]=1`,
    `${name}[a]=1`,
    `${name}=1&${name}=2`,
    `${name}=%E0%A4%A`,
    `${name}=%ED%A0%80`,
    `${name}=${'x'.repeat(41)}`,
    `${name}=${'x'.repeat(5_000)}`,
    `${name}=%F0%9F%98%80${'%CC%81'.repeat(40)}`,
    `__proto__[admin]=1&constructor[prototype][x]=1`,
    `${name}=${'a&'.repeat(60)}`,
    Array.from({ length: 51 }, (_, i) => `p${i}=1`).join('&'),
    '&&&',
    '=',
    `${name}=%`,
    `${name}=1;${name}=2`,
    `${name}=0x10`,
    `${name}=1000001`,
    `${name}=101`,
  ]);
}

/** Content types a JSON route must refuse, or must read as JSON in all their spellings. */
export const CONTENT_TYPES = [
  'application/json; charset=utf-8',
  'Application/JSON',
  'application/json; charset=latin1',
  'application/json; charset=utf-16le',
  'application/json;;;',
  'application/json, text/html',
  'application/problem+json',
  'application/vnd.api+json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'text/html',
  'application/xml',
  'multipart/form-data; boundary=x',
  'image/png',
  '*/*',
  'json',
  '',
  'application/json; boundary="\u00ff"',
];

/** Bodies that are not JSON, are JSON of the wrong kind, or stress the parser and its limits. */
export function malformedBody(random: Random): [string, Buffer] {
  const text = (value: string) => Buffer.from(value, 'utf8');
  const cases: [string, () => Buffer][] = [
    ['unclosed', () => text('{"user":')],
    ['open-brace', () => text('{')],
    ['bare-word', () => text('nul')],
    ['trailing-comma', () => text('{"a":1,}')],
    ['single-quotes', () => text("{'user':{}}")],
    ['bom', () => text('\ufeff{}')],
    ['bad-escape', () => text('{"a":"\\uZZZZ"}')],
    [
      'lone-surrogate-escape',
      () =>
        text(
          '{"user":{"email":"\\ud800@example.com","password":"\\udfff\\udfff\\udfff\\udfff","username":"\\ud800"}}',
        ),
    ],
    ['two-documents', () => text('{"a":1}{"b":2}')],
    ['huge-number', () => text('1e999')],
    ['string', () => text('"just a string"')],
    ['number', () => text('123')],
    ['null', () => text('null')],
    ['true', () => text('true')],
    ['array', () => text('[]')],
    ['array-of-object', () => text('[{}]')],
    ['deep-array', () => text(`${'['.repeat(5_000)}${']'.repeat(5_000)}`)],
    ['deep-object', () => text(JSON.stringify(deepObject(25)))],
    [
      'wide-object',
      () =>
        text(
          JSON.stringify(Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`k${i}`, i]))),
        ),
    ],
    ['duplicate-keys', () => text('{"user":{},"user":{"email":"a@b.c"},"article":{},"article":1}')],
    [
      'proto-key',
      () =>
        text('{"__proto__":{"isAdmin":true,"role":"admin"},"user":{"__proto__":{"role":"admin"}}}'),
    ],
    ['constructor-key', () => text('{"constructor":{"prototype":{"polluted":true}}}')],
    ['nan-literal', () => text('{"a":NaN}')],
    ['comment', () => text('/* x */ {}')],
    [
      'invalid-utf8',
      () => Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0xaf, 0x22, 0x7d]),
    ],
    ['utf16', () => Buffer.from('\ufeff{"a":1}', 'utf16le')],
    ['whitespace', () => text(' \t\r\n ')],
    ['nul', () => Buffer.from([0])],
    ['nul-in-json', () => text('{"a":"\u0000","b\u0000":1}')],
    ['control-chars-raw', () => text('{"a":"\u0001\u001f"}')],
    ['form-encoded', () => text('user[email]=a@b.c&user[password]=x')],
    ['long-string', () => text(JSON.stringify({ user: { bio: 'x'.repeat(200_000) } }))],
  ];
  const [name, make] = random.pick(cases);
  return [name, make()];
}

/** Extra headers that should change nothing, or be refused cleanly. */
export function noiseHeader(random: Random): [string, string] {
  return random.pick<[string, string]>([
    ['x-request-id', 'x'.repeat(300)],
    ['x-request-id', 'has space and \u00ff'],
    ['x-request-id', ''],
    ['x-forwarded-for', '1.2.3.4, garbage, ::1'],
    ['accept', 'application/xml'],
    ['accept', 'text/event-stream'],
    ['origin', 'https://evil.example'],
    ['origin', 'null'],
    ['x-http-method-override', 'DELETE'],
    ['if-none-match', '*'],
    ['if-modified-since', 'yesterday'],
    ['range', 'bytes=0-1'],
    ['expect', '100-continue'],
    ['cookie', 'session=a; __proto__=b'],
    ['x-big', 'v'.repeat(8_000)],
  ]);
}
