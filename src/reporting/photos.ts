// Photos and screenshots sent with a public report: images only (JPEG, PNG, WebP, checked from
// their content), their metadata (EXIF location, camera, XMP, IPTC) stripped by re-encoding with
// sharp before anything is stored.
import { sniffAttachmentType, stripImageMetadata } from '../assistance/attachment-files.js';
import { Problem } from '../platform/problems.js';
import type { PhotoErrorCode } from './page-text.js';

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

/** A photo refused for what it is: the form says why, in the person's language. */
export class PhotoProblem extends Problem {
  constructor(readonly code: PhotoErrorCode) {
    super(
      'validation',
      code === 'not-an-image'
        ? 'A photo is not a JPEG, PNG or WebP image (checked from its content); nothing was stored.'
        : 'A photo could not be read: it may be damaged. Save it again and retry; nothing was stored.',
      { errors: [{ field: 'photos', message: code === 'not-an-image' ? 'not an image' : 'unreadable image', code }] },
    );
  }
}

/** The photos ready to store: checked to be images, without their metadata. */
export async function cleanPhotos(files: Buffer[]): Promise<{ type: ImageType; data: Buffer }[]> {
  const types = files.map((data) => {
    const type = sniffAttachmentType(data);
    if (type === null || type === 'application/pdf') throw new PhotoProblem('not-an-image');
    return type;
  });
  const cleaned: { type: ImageType; data: Buffer }[] = [];
  for (const [i, data] of files.entries()) {
    const type = types[i]!;
    try {
      cleaned.push({ type, data: await stripImageMetadata(data, type) });
    } catch {
      throw new PhotoProblem('unreadable-image');
    }
  }
  return cleaned;
}
