import { describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { sniffImageFormat } from './image-format.js';

const sample = (format: 'jpeg' | 'png' | 'webp' | 'avif') =>
  sharp({ create: { width: 8, height: 8, channels: 3, background: '#c33' } })
    .toFormat(format)
    .toBuffer();

describe('sniffImageFormat', () => {
  it.each(['jpeg', 'png', 'webp', 'avif'] as const)(
    'recognises %s from its bytes',
    async (format) => {
      expect(sniffImageFormat(await sample(format))).toBe(format);
    },
  );

  it.each([
    ['empty', Buffer.alloc(0)],
    ['text', Buffer.from('hello, world')],
    ['SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['GIF', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')],
    ['a RIFF that is not WebP (WAV)', Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1')],
    ['an MP4 video', Buffer.from('\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom', 'latin1')],
    ['a truncated PNG signature', Buffer.from([0x89, 0x50, 0x4e, 0x47])],
  ])('refuses %s', (_name, bytes) => {
    expect(sniffImageFormat(bytes)).toBeUndefined();
  });

  describe('AVIF: the ISO-BMFF structure, not just a brand somewhere', () => {
    const box = (type: string, body: Buffer) => {
      const header = Buffer.alloc(8);
      header.writeUInt32BE(8 + body.length);
      header.write(type, 4, 'latin1');
      return Buffer.concat([header, body]);
    };
    const ftyp = (...brands: string[]) =>
      box('ftyp', Buffer.from(`${brands[0]}\0\0\0\0${brands.slice(1).join('')}`, 'latin1'));
    const meta = box('meta', Buffer.alloc(24));

    it('accepts an ftyp box at offset 0 followed by another box', () => {
      expect(sniffImageFormat(Buffer.concat([ftyp('avif', 'mif1', 'miaf'), meta]))).toBe('avif');
      expect(sniffImageFormat(Buffer.concat([ftyp('mif1', 'avif'), meta]))).toBe('avif');
    });

    describe('from the first bytes of a larger file, and its size', () => {
      // An AVIF whose second box (mdat, say) ends far beyond the bytes at hand.
      const mdat = Buffer.alloc(8);
      mdat.writeUInt32BE(100_000);
      mdat.write('mdat', 4, 'latin1');
      const brands = ftyp('avif', 'mif1');
      const head = Buffer.concat([brands, mdat, Buffer.alloc(300)]);

      it('accepts it when the box fits the whole file', () => {
        expect(sniffImageFormat(head, brands.length + 100_000)).toBe('avif');
      });

      it('refuses it when the box is larger than the whole file', () => {
        expect(sniffImageFormat(head, brands.length + 99_999)).toBeUndefined();
        expect(sniffImageFormat(head)).toBeUndefined();
      });
    });

    it.each([
      [
        'an SVG opening with a comment that spells "ftypavif"',
        Buffer.from('<!--ftypavif--><svg xmlns="http://www.w3.org/2000/svg"/>'),
      ],
      ['an ftyp box larger than the file', Buffer.concat([ftyp('avif'), meta]).fill(0x7f, 0, 1)],
      ['an ftyp box too small for its brands', Buffer.concat([ftyp('avif'), meta]).fill(0, 3, 4)],
      [
        'an ftyp box of a size not a multiple of 4',
        (() => {
          const bytes = Buffer.concat([ftyp('avif', 'mif1'), meta]);
          bytes.writeUInt32BE(22);
          return bytes;
        })(),
      ],
      [
        'an ftyp box followed by no box',
        Buffer.concat([ftyp('avif', 'mif1'), Buffer.from('<svg/>')]),
      ],
      [
        'an ftyp box followed by a box of an unprintable type',
        Buffer.concat([ftyp('avif'), Buffer.from('\0\0\0\x08\x01\x02\x03\x04', 'latin1')]),
      ],
      [
        '"avif" only as the minor version',
        Buffer.concat([box('ftyp', Buffer.from('mif1avif', 'latin1')), meta]),
      ],
      ['an ftyp box not at offset 0', Buffer.concat([Buffer.alloc(4), ftyp('avif'), meta])],
    ])('refuses %s', (_name, bytes) => {
      expect(sniffImageFormat(bytes)).toBeUndefined();
    });
  });
});
