import { crc32, deflateSync } from 'node:zlib';
import type { Random } from './random.js';

/** A valid PNG of `width` x `height` grey pixels; with a huge size in its header, a "bomb". */
export function png(width: number, height: number, pixelRows = height): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = Buffer.alloc(Math.min(pixelRows, 64) * (Math.min(width, 64) + 1), 0x80);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface MultipartBody {
  contentType: string;
  body: Buffer;
  variant: string;
}

const CRLF = '\r\n';

function form(
  boundary: string,
  parts: { headers: string[]; data: Buffer }[],
  close = true,
): Buffer {
  const pieces: Buffer[] = [];
  for (const part of parts) {
    pieces.push(
      Buffer.from(`--${boundary}${CRLF}${part.headers.join(CRLF)}${CRLF}${CRLF}`, 'latin1'),
    );
    pieces.push(part.data, Buffer.from(CRLF));
  }
  if (close) pieces.push(Buffer.from(`--${boundary}--${CRLF}`));
  return Buffer.concat(pieces);
}

const filePart = (data: Buffer, name = 'image', filename = 'a.png', type = 'image/png') => ({
  headers: [
    `Content-Disposition: form-data; name="${name}"; filename="${filename}"`,
    `Content-Type: ${type}`,
  ],
  data,
});

/** A valid upload of a tiny image. */
export function imageUpload(random: Random): MultipartBody {
  const boundary = `fuzz${random.string(12, 'abcdef0123456789')}`;
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: form(boundary, [filePart(png(random.int(1, 8), random.int(1, 8)))]),
    variant: 'multipart:valid-image',
  };
}

/** Multipart bodies that are malformed, misleading, oversized in their claims, or not images. */
export function multipartGarbage(random: Random): MultipartBody {
  const boundary = `fuzz${random.string(12, 'abcdef0123456789')}`;
  const type = `multipart/form-data; boundary=${boundary}`;
  const image = png(2, 2);
  const cases: [string, () => Omit<MultipartBody, 'variant'>][] = [
    [
      'not-an-image',
      () => ({
        contentType: type,
        body: form(boundary, [filePart(Buffer.from('GIF89a not really'))]),
      }),
    ],
    [
      'truncated-png',
      () => ({ contentType: type, body: form(boundary, [filePart(image.subarray(0, 30))]) }),
    ],
    [
      'png-bomb-header',
      () => ({ contentType: type, body: form(boundary, [filePart(png(60_000, 60_000, 1))]) }),
    ],
    [
      'empty-file',
      () => ({ contentType: type, body: form(boundary, [filePart(Buffer.alloc(0))]) }),
    ],
    [
      'wrong-field-name',
      () => ({ contentType: type, body: form(boundary, [filePart(image, 'avatar')]) }),
    ],
    [
      'two-files',
      () => ({ contentType: type, body: form(boundary, [filePart(image), filePart(image)]) }),
    ],
    [
      'text-field-only',
      () => ({
        contentType: type,
        body: form(boundary, [
          { headers: ['Content-Disposition: form-data; name="image"'], data: Buffer.from('hello') },
        ]),
      }),
    ],
    [
      'many-fields',
      () => ({
        contentType: type,
        body: form(
          boundary,
          Array.from({ length: 12 }, (_, i) => ({
            headers: [`Content-Disposition: form-data; name="f${i}"`],
            data: Buffer.from('v'),
          })),
        ),
      }),
    ],
    [
      'long-field',
      () => ({
        contentType: type,
        body: form(boundary, [
          {
            headers: ['Content-Disposition: form-data; name="note"'],
            data: Buffer.alloc(4_000, 0x61),
          },
          filePart(image),
        ]),
      }),
    ],
    [
      'hostile-filename',
      () => ({
        contentType: type,
        body: form(boundary, [
          filePart(
            image,
            'image',
            random.pick([
              '../../etc/passwd',
              'a\u0000.png',
              '\u202egnp.exe',
              '%00.png',
              'x'.repeat(2_000),
            ]),
          ),
        ]),
      }),
    ],
    [
      'hostile-part-type',
      () => ({
        contentType: type,
        body: form(boundary, [
          filePart(
            image,
            'image',
            'a.png',
            random.pick(['text/html', '', 'image/svg+xml', 'a'.repeat(300)]),
          ),
        ]),
      }),
    ],
    ['unterminated', () => ({ contentType: type, body: form(boundary, [filePart(image)], false) })],
    [
      'wrong-boundary',
      () => ({
        contentType: `multipart/form-data; boundary=other`,
        body: form(boundary, [filePart(image)]),
      }),
    ],
    [
      'no-boundary',
      () => ({ contentType: 'multipart/form-data', body: form(boundary, [filePart(image)]) }),
    ],
    ['empty-body', () => ({ contentType: type, body: Buffer.alloc(0) })],
    [
      'garbage-bytes',
      () => ({ contentType: type, body: Buffer.from(random.string(200, '\u0000\u00ff-\r\nab')) }),
    ],
    [
      'no-disposition',
      () => ({
        contentType: type,
        body: form(boundary, [{ headers: ['Content-Type: image/png'], data: image }]),
      }),
    ],
    [
      'header-overflow',
      () => ({
        contentType: type,
        body: form(boundary, [
          {
            headers: Array.from({ length: 200 }, (_, i) => `X-H${i}: v`).concat(
              'Content-Disposition: form-data; name="image"; filename="a.png"',
            ),
            data: image,
          },
        ]),
      }),
    ],
    ['image-as-json', () => ({ contentType: 'application/json', body: image })],
    ['image-raw', () => ({ contentType: 'image/png', body: image })],
  ];
  const [variant, make] = random.pick(cases);
  return { ...make(), variant: `multipart:${variant}` };
}
