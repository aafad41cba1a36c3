// Imports (issue 10): the canonical columns of an imported file, and the mapping file
// (`lantern import --mapping FILE.json`, and the web app's mapping screen) that says which
// of a file's headers holds which canonical column.
import { z } from 'zod';
import { CANONICAL_COLUMNS, type CanonicalColumn } from '../codes.js';

export { CANONICAL_COLUMNS, type CanonicalColumn };

/** A file's header, as written in the file, -> the canonical column it holds (null: ignored). */
export const columnMappingSchema = z.record(z.string().min(1).max(200), z.enum(CANONICAL_COLUMNS).nullable());

/** `{ "columns": { "Họ và tên": "full_name", "Ghi chú": null } }` */
export const mappingFileSchema = z
  .object({
    columns: columnMappingSchema.describe('header as written in the file -> canonical column, or null to ignore it'),
  })
  .strict();
export type MappingFile = z.infer<typeof mappingFileSchema>;
