import { describe, expect, it } from 'vitest';
import {
  LOGO_MAX_BYTES,
  LOGO_MAX_SIDE,
  checkLogo,
  cleanName,
  imageSize,
  logoDisplaySize,
  moveSchema,
  municipalityNameSchema,
  sameName,
  sniffImageType,
  unitNameSchema,
  unitRefSchema,
} from '~/domain/organisation';
import { fieldErrorsOf } from '~/domain/validation';

const bytes = (...values: number[]) => new Uint8Array(values);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

// A real 3 × 2 PNG header: signature, IHDR chunk (length 13) with width 3 and height 2.
const PNG_HEAD = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, ...ascii('IHDR'), 0, 0, 0, 3, 0, 0, 0, 2, 8, 6, 0, 0, 0);
// A JPEG: SOI, an APP0 segment of length 16, then SOF0 with height 5 and width 7.
const JPEG_HEAD = bytes(
  0xff,
  0xd8,
  0xff,
  0xe0,
  0,
  16,
  ...ascii('JFIF'),
  0,
  1,
  1,
  0,
  0,
  1,
  0,
  1,
  0,
  0,
  0xff,
  0xc0,
  0,
  17,
  8,
  0,
  5,
  0,
  7,
  3,
  1,
  0x22,
  0,
  2,
  0x11,
  1,
  3,
  0x11,
  1,
  0xff,
  0xd9,
);
// WebP lossless (VP8L): width 4, height 6 are stored minus one, 14 bits each.
const vp8lBits = (4 - 1) | ((6 - 1) << 14);
const WEBP_HEAD = bytes(
  ...ascii('RIFF'),
  30,
  0,
  0,
  0,
  ...ascii('WEBP'),
  ...ascii('VP8L'),
  10,
  0,
  0,
  0,
  0x2f,
  vp8lBits & 0xff,
  (vp8lBits >> 8) & 0xff,
  (vp8lBits >> 16) & 0xff,
  (vp8lBits >>> 24) & 0xff,
  0,
  0,
  0,
  0,
  0,
  0,
);
// WebP extended (VP8X): canvas 300 × 100 stored minus one, 24 bits little-endian each.
const WEBP_X = bytes(...ascii('RIFF'), 30, 0, 0, 0, ...ascii('WEBP'), ...ascii('VP8X'), 10, 0, 0, 0, 0, 0, 0, 0, 43, 1, 0, 99, 0, 0, 0, 0);

describe('sniffImageType: the type by the first bytes', () => {
  it('knows PNG, JPEG and WebP', () => {
    expect(sniffImageType(PNG_HEAD)).toBe('image/png');
    expect(sniffImageType(JPEG_HEAD)).toBe('image/jpeg');
    expect(sniffImageType(WEBP_HEAD)).toBe('image/webp');
  });

  it('refuses SVG, GIF, text, a RIFF that is not WebP, and truncated signatures', () => {
    expect(sniffImageType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull();
    expect(sniffImageType(new TextEncoder().encode('<?xml version="1.0"?><svg/>'))).toBeNull();
    expect(sniffImageType(bytes(...ascii('GIF89a'), 1, 0, 1, 0))).toBeNull();
    expect(sniffImageType(new TextEncoder().encode('this is not a png'))).toBeNull();
    expect(sniffImageType(bytes(...ascii('RIFF'), 0, 0, 0, 0, ...ascii('WAVE')))).toBeNull();
    expect(sniffImageType(PNG_HEAD.slice(0, 7))).toBeNull();
    expect(sniffImageType(bytes(0xff, 0xd8))).toBeNull();
    expect(sniffImageType(bytes())).toBeNull();
  });

  it('looks only at the start: a PNG signature later in a file does not count', () => {
    expect(sniffImageType(bytes(0x20, ...PNG_HEAD))).toBeNull();
  });
});

describe('imageSize', () => {
  it('reads the size of each type', () => {
    expect(imageSize(PNG_HEAD, 'image/png')).toEqual({ width: 3, height: 2 });
    expect(imageSize(JPEG_HEAD, 'image/jpeg')).toEqual({ width: 7, height: 5 });
    expect(imageSize(WEBP_HEAD, 'image/webp')).toEqual({ width: 4, height: 6 });
    expect(imageSize(WEBP_X, 'image/webp')).toEqual({ width: 300, height: 100 });
  });

  it('answers null for a header that is not what the signature promises', () => {
    const noIhdr = PNG_HEAD.slice();
    noIhdr.set(ascii('IDAT'), 12);
    expect(imageSize(noIhdr, 'image/png')).toBeNull();
    expect(imageSize(PNG_HEAD.slice(0, 20), 'image/png')).toBeNull();
    expect(imageSize(bytes(0xff, 0xd8, 0xff, 0xd9, 0, 0, 0, 0, 0, 0, 0, 0), 'image/jpeg')).toBeNull();
    const zero = PNG_HEAD.slice();
    zero.set([0, 0, 0, 0], 16);
    expect(imageSize(zero, 'image/png')).toBeNull();
  });
});

describe('checkLogo', () => {
  it('accepts a PNG with its type and size', () => {
    expect(checkLogo(PNG_HEAD)).toEqual({ ok: true, type: 'image/png', size: { width: 3, height: 2 } });
  });

  it('refuses an empty file, a file over the limit and a file that is no image', () => {
    expect(checkLogo(bytes())).toEqual({ ok: false, code: 'invalidFile' });
    const big = new Uint8Array(LOGO_MAX_BYTES + 1);
    big.set(PNG_HEAD);
    expect(checkLogo(big)).toEqual({ ok: false, code: 'fileTooLarge', params: { max: 200 } });
    expect(checkLogo(new TextEncoder().encode('not an image at all'))).toEqual({ ok: false, code: 'invalidImageType' });
  });

  it('accepts a file of exactly the limit', () => {
    const exact = new Uint8Array(200 * 1024);
    exact.set(PNG_HEAD);
    expect(checkLogo(exact).ok).toBe(true);
  });
});

// Headers of any size, built here byte by byte (a 140 kB PNG of 12000 × 12000 is
// 549 MiB once a browser decodes it, on every page). Each is what the format's spec lays down.
const be32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const le24 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff];
const pngOf = (w: number, h: number) =>
  bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, ...ascii('IHDR'), ...be32(w), ...be32(h), 8, 0, 0, 0, 0);
const jpegOf = (w: number, h: number, sof = 0xc0) =>
  bytes(
    0xff,
    0xd8,
    0xff,
    0xe0,
    0,
    16,
    ...ascii('JFIF'),
    0,
    1,
    1,
    0,
    0,
    1,
    0,
    1,
    0,
    0,
    0xff,
    sof,
    0,
    11,
    8,
    h >> 8,
    h & 0xff,
    w >> 8,
    w & 0xff,
    1,
    1,
    0x11,
    0,
    0xff,
    0xd9,
  );
const vp8lOf = (w: number, h: number) => {
  const b = ((w - 1) | ((h - 1) << 14)) >>> 0;
  return bytes(
    ...ascii('RIFF'),
    30,
    0,
    0,
    0,
    ...ascii('WEBP'),
    ...ascii('VP8L'),
    10,
    0,
    0,
    0,
    0x2f,
    b & 0xff,
    (b >> 8) & 0xff,
    (b >> 16) & 0xff,
    b >>> 24,
    0,
    0,
    0,
    0,
    0,
    0,
  );
};
// Lossy VP8: frame tag (3 bytes), start code 9d 01 2a, then width and height, 14 bits little-endian.
const vp8Of = (w: number, h: number) =>
  bytes(...ascii('RIFF'), 30, 0, 0, 0, ...ascii('WEBP'), ...ascii('VP8 '), 10, 0, 0, 0, 0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, w & 0xff, w >> 8, h & 0xff, h >> 8);
const vp8xOf = (w: number, h: number) =>
  bytes(...ascii('RIFF'), 30, 0, 0, 0, ...ascii('WEBP'), ...ascii('VP8X'), 10, 0, 0, 0, 0, 0, 0, 0, ...le24(w - 1), ...le24(h - 1));

describe('checkLogo: a limit on pixels, for every accepted format', () => {
  const formats = [
    ['PNG', pngOf, 'image/png'],
    ['JPEG baseline', (w: number, h: number) => jpegOf(w, h), 'image/jpeg'],
    ['JPEG progressive', (w: number, h: number) => jpegOf(w, h, 0xc2), 'image/jpeg'],
    ['WebP lossy (VP8)', vp8Of, 'image/webp'],
    ['WebP lossless (VP8L)', vp8lOf, 'image/webp'],
    ['WebP extended (VP8X)', vp8xOf, 'image/webp'],
  ] as const;
  const refused = { ok: false, code: 'imageTooLarge', params: { max: 2000 } };

  it('the limit is 2000 pixels a side (so at most 4 Mpx)', () => {
    expect(LOGO_MAX_SIDE).toBe(2000);
  });

  for (const [name, make, type] of formats) {
    it(`${name}: takes 2000 × 2000, refuses a side of 2001 and the 12000 × 12000 bomb`, () => {
      expect(imageSize(make(2000, 1500), type)).toEqual({ width: 2000, height: 1500 });
      expect(checkLogo(make(2000, 2000))).toEqual({ ok: true, type, size: { width: 2000, height: 2000 } });
      expect(checkLogo(make(2001, 10))).toEqual(refused);
      expect(checkLogo(make(10, 2001))).toEqual(refused);
      expect(checkLogo(make(12000, 12000))).toEqual(refused);
      expect(checkLogo(make(16000, 1))).toEqual(refused);
    });
  }
});

describe('logoDisplaySize', () => {
  it('fits the logo in 40 px high and 160 px wide, keeping its proportions', () => {
    expect(logoDisplaySize({ width: 400, height: 200 })).toEqual({ width: 80, height: 40 });
    expect(logoDisplaySize({ width: 1000, height: 100 })).toEqual({ width: 160, height: 16 });
    expect(logoDisplaySize({ width: 10, height: 10 })).toEqual({ width: 20, height: 20 });
  });
});

describe('the schemas', () => {
  const errors = (schema: typeof municipalityNameSchema, input: unknown) => {
    const result = schema.safeParse(input);
    return result.success ? {} : fieldErrorsOf(result.error);
  };

  it('requires a name of at most 200 characters, trimmed', () => {
    for (const schema of [municipalityNameSchema, unitNameSchema]) {
      expect(errors(schema, { name: '' })).toEqual({ name: { code: 'required' } });
      expect(errors(schema, { name: '   ' })).toEqual({ name: { code: 'required' } });
      expect(errors(schema, { name: 'x'.repeat(201) })).toEqual({ name: { code: 'tooLong', params: { max: 200 } } });
      expect(errors(schema, { name: 'x'.repeat(200) })).toEqual({});
      expect(schema.parse({ name: '  Keiteleen kunta ' })).toEqual({ name: 'Keiteleen kunta' });
    }
  });

  it('reads the list buttons: kind, id and direction', () => {
    expect(unitRefSchema.parse({ kind: 'body', id: '12' })).toEqual({ kind: 'body', id: 12 });
    expect(unitRefSchema.safeParse({ kind: 'user', id: '12' }).success).toBe(false);
    expect(unitRefSchema.safeParse({ kind: 'body', id: '1 OR 1=1' }).success).toBe(false);
    expect(unitRefSchema.safeParse({ kind: 'department', id: '' }).success).toBe(false);
    expect(moveSchema.parse({ kind: 'department', id: '3', direction: 'down' })).toEqual({ kind: 'department', id: 3, direction: 'down' });
    expect(moveSchema.safeParse({ kind: 'department', id: '3', direction: 'left' }).success).toBe(false);
  });
});

describe('names', () => {
  it('compares names as a reader does: case and spaces do not make a new name', () => {
    expect(sameName('Tekninen lautakunta', 'tekninen  LAUTAKUNTA ')).toBe(true);
    expect(sameName('Ympäristölautakunta', 'YMPÄRISTÖLAUTAKUNTA')).toBe(true);
    expect(sameName('Tekninen lautakunta', 'Tekninen toimi')).toBe(false);
  });

  it('stores names trimmed with single spaces', () => {
    expect(cleanName('  Sivistys-   ja vapaa-aikalautakunta ')).toBe('Sivistys- ja vapaa-aikalautakunta');
  });
});
