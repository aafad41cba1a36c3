// What an attached file really is, from its first bytes (a declared type is only a claim),
// and a photo's metadata stripped before it is stored: EXIF holds where a photo was taken
// (GPS), when, and with which camera or phone — facts that can locate a victim or a shelter.
// Images are decoded and re-encoded by sharp (libvips), which keeps no metadata unless
// asked to; the orientation is applied to the pixels first, so the photo still stands upright.
import sharp from 'sharp';
import type { AttachmentType } from '../contract/schemas/dataio.js';
import { Problem } from '../platform/problems.js';

const startsWith = (data: Uint8Array, bytes: readonly number[], at = 0) =>
  data.length >= at + bytes.length && bytes.every((b, i) => data[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The type of a file from its magic bytes, among those Lantern accepts; null for anything else. */
export function sniffAttachmentType(data: Uint8Array): AttachmentType | null {
  if (startsWith(data, ascii('%PDF-'))) return 'application/pdf';
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(data, ascii('RIFF')) && startsWith(data, ascii('WEBP'), 8)) return 'image/webp';
  return null;
}

const NAMES: Record<AttachmentType, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
};

/**
 * The file's checked type: its first bytes must be a PDF, JPEG, PNG or WebP, and agree with the type it was
 * sent as (application/octet-stream: whatever it is). Otherwise a 415 that says what was found.
 */
export function checkAttachmentType(data: Uint8Array, declared: string): AttachmentType {
  const found = sniffAttachmentType(data);
  if (!found)
    throw new Problem(
      'unsupported-media-type',
      'This file is not a PDF, JPEG, PNG or WebP file (checked from its content). Scan or save it in one of these formats.',
    );
  if (declared !== 'application/octet-stream' && declared !== found)
    throw new Problem(
      'unsupported-media-type',
      `The file was sent as ${declared} but its content is ${NAMES[found]}. Send it with its own type.`,
    );
  return found;
}

/** Largest image Lantern decodes (pixels): far above a phone photo or a 600 dpi A4 scan, far below a decompression bomb. */
const MAX_PIXELS = 80_000_000;

/** The image without its metadata (EXIF, XMP, IPTC, comments), re-encoded in its own format; a 400 if it cannot be read. */
export async function stripImageMetadata(
  data: Buffer,
  type: Exclude<AttachmentType, 'application/pdf'>,
): Promise<Buffer> {
  try {
    const image = sharp(data, { failOn: 'error', limitInputPixels: MAX_PIXELS }).rotate();
    if (type === 'image/jpeg') return await image.jpeg({ quality: 90 }).toBuffer();
    if (type === 'image/png') return await image.png().toBuffer();
    return await image.webp({ quality: 90 }).toBuffer();
  } catch {
    throw new Problem(
      'validation',
      'The image could not be read: it may be damaged or too large. Save it again and retry.',
      {
        errors: [{ field: 'body', message: 'unreadable image' }],
      },
    );
  }
}
