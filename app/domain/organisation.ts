import { z } from 'zod';

/**
 * The organisation's own data: the municipality's name and logo, its
 * decision-making bodies (toimielimet) and departments (hallintokunnat). Pure: no Remix, no knex.
 */

/** The longest name of the municipality, a body or a department (the columns are 200 characters). */
export const NAME_MAX = 200;

/** The largest logo accepted, in kilobytes (kt) and in bytes. */
export const LOGO_MAX_KB = 200;
export const LOGO_MAX_BYTES = LOGO_MAX_KB * 1024;

/**
 * The largest logo accepted, in pixels a side (so at most 4 Mpx, 16 MB once decoded to RGBA):
 * bytes alone do not bound it, a 140 kB PNG may be 12000 × 12000, 549 MiB in the browser of
 * everyone who opens any page. The header shows it at most 160 × 40.
 */
export const LOGO_MAX_SIDE = 2000;

/** The logo's types: raster images only. SVG is refused, since it can carry script. */
export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

export const UNIT_KINDS = ['body', 'department'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

const name = z.string().trim().min(1, 'required').max(NAME_MAX);

/** The municipality's name as shown in the header of every page. */
export const municipalityNameSchema = z.object({ name });

/** A new body or department, or a new name for one. */
export const unitNameSchema = z.object({ name });

/** The row buttons of the lists: which list, which row. */
export const unitRefSchema = z.object({
  kind: z.enum(UNIT_KINDS),
  id: z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number),
});

export const moveSchema = unitRefSchema.extend({ direction: z.enum(['up', 'down']) });

/** Names compare as a person reads them: case, surrounding and repeated spaces do not make a new name. */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('fi');
  return norm(a) === norm(b);
}

/** The name as stored: trimmed, inner runs of white space made one space. */
export function cleanName(value: string): string {
  return value.normalize('NFC').trim().replace(/\s+/g, ' ');
}

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);

/**
 * The image type by the file's first bytes (its "magic number"), never by its name or the
 * type the browser declared: PNG, JPEG or WebP, or null for anything else (SVG, GIF, text…).
 */
export function sniffImageType(bytes: Uint8Array): LogoType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  // RIFF····WEBP
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}

export interface ImageSize {
  width: number;
  height: number;
}

const u16be = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u32be = (b: Uint8Array, i: number) => ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;
const u16le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u24le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);

/** The image's size in pixels read from its header, or null if the header is not what the type promises. */
export function imageSize(bytes: Uint8Array, type: LogoType): ImageSize | null {
  let size: ImageSize | null = null;
  if (type === 'image/png') {
    // The first chunk must be IHDR: width and height at bytes 16 and 20.
    if (bytes.length >= 24 && String.fromCharCode(...bytes.slice(12, 16)) === 'IHDR') {
      size = { width: u32be(bytes, 16), height: u32be(bytes, 20) };
    }
  } else if (type === 'image/jpeg') {
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) return null;
      const marker = bytes[i + 1]!;
      if (marker === 0xff) {
        i += 1;
        continue;
      }
      // SOF0…SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame's size.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        size = { height: u16be(bytes, i + 5), width: u16be(bytes, i + 7) };
        break;
      }
      if (marker === 0xd9 || marker === 0xda) return null;
      i += 2 + u16be(bytes, i + 2);
    }
  } else if (type === 'image/webp' && bytes.length >= 30) {
    const chunk = String.fromCharCode(...bytes.slice(12, 16));
    if (chunk === 'VP8 ' && startsWith(bytes, [0x9d, 0x01, 0x2a], 23)) {
      size = { width: u16le(bytes, 26) & 0x3fff, height: u16le(bytes, 28) & 0x3fff };
    } else if (chunk === 'VP8L' && bytes[20] === 0x2f) {
      const bits = bytes[21]! | (bytes[22]! << 8) | (bytes[23]! << 16) | (bytes[24]! << 24);
      size = { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    } else if (chunk === 'VP8X') {
      size = { width: u24le(bytes, 24) + 1, height: u24le(bytes, 27) + 1 };
    }
  }
  return size && size.width > 0 && size.height > 0 ? size : null;
}

export type LogoCheck =
  | { ok: true; type: LogoType; size: ImageSize }
  | { ok: false; code: 'invalidFile' | 'fileTooLarge' | 'invalidImageType' | 'imageTooLarge'; params?: Record<string, number> };

/**
 * Whether an uploaded file may be the logo: not empty, at most LOGO_MAX_BYTES, a PNG, JPEG or WebP
 * with a readable size of at most LOGO_MAX_SIDE pixels a side (the size its header declares, the
 * one a browser allocates for).
 */
export function checkLogo(bytes: Uint8Array): LogoCheck {
  if (bytes.length === 0) return { ok: false, code: 'invalidFile' };
  if (bytes.length > LOGO_MAX_BYTES) return { ok: false, code: 'fileTooLarge', params: { max: LOGO_MAX_KB } };
  const type = sniffImageType(bytes);
  if (!type) return { ok: false, code: 'invalidImageType' };
  const size = imageSize(bytes, type);
  if (!size) return { ok: false, code: 'invalidImageType' };
  if (size.width > LOGO_MAX_SIDE || size.height > LOGO_MAX_SIDE) return { ok: false, code: 'imageTooLarge', params: { max: LOGO_MAX_SIDE } };
  return { ok: true, type, size };
}

/** The size the header shows the logo at: at most `maxHeight` high and `maxWidth` wide, never enlarged beyond twice its own size, proportions kept. */
export function logoDisplaySize(size: ImageSize, maxHeight = 40, maxWidth = 160): ImageSize {
  const scale = Math.min(maxHeight / size.height, maxWidth / size.width, 2);
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}
