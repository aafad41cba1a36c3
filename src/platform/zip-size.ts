// Measuring a zip archive (an XLSX) before anything parses it: the sizes its
// directory declares (total and per-part ratio), then the real sizes, unzipping each
// part and discarding it — yauzl stops a part that yields more than it declared, so a
// file that lies about its sizes is refused too. Nothing is kept in memory. Used by
// roster uploads and imports; each says the refusal in its own words.
import yauzl from 'yauzl';

export interface ZipLimits {
  maxUnzippedBytes: number;
  maxZipRatio: number;
}

/** Why an archive was refused; null when it is safe to open. */
export type ZipRefusal = 'not-zip' | 'too-many-parts' | 'unzipped-too-large' | 'zip-ratio' | 'encrypted' | 'damaged';

/** Parts an XLSX may have before it is taken for something else (a workbook has a few dozen). */
export const MAX_ZIP_ENTRIES = 1000;
/** Parts smaller than this may compress any amount (an empty sheet of styles does). */
const RATIO_FLOOR = 1024 * 1024;

export async function measureZip(data: Buffer, limits: ZipLimits): Promise<ZipRefusal | null> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(data, { validateEntrySizes: true });
  } catch {
    return 'not-zip';
  }
  const entries: yauzl.Entry[] = [];
  let declared = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      entries.push(entry);
      if (entries.length > MAX_ZIP_ENTRIES) return 'too-many-parts';
      declared += entry.uncompressedSize;
      if (declared > limits.maxUnzippedBytes) return 'unzipped-too-large';
      if (
        entry.uncompressedSize > RATIO_FLOOR &&
        entry.uncompressedSize > limits.maxZipRatio * Math.max(1, entry.compressedSize)
      )
        return 'zip-ratio';
    }
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue;
      if (entry.isEncrypted()) return 'encrypted';
      for await (const _chunk of await zip.openReadStreamPromise(entry)) {
        /* only measured */
      }
    }
  } catch {
    return 'damaged';
  } finally {
    zip.close();
  }
  return null;
}
