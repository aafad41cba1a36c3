// Imports (issue 10): the canonical columns of an imported file, and the mapping file
// (`lantern import --mapping FILE.json`, and the web app's mapping screen) that says which
// of a file's headers holds which canonical column.
import { z } from 'zod';

/**
 * The columns Lantern imports, fixed by issue 10 (other tools write them). `source_id` is the
 * agency's own record id (required); a name is `full_name`, or `family_name` / `middle_name` /
 * `given_name`; the case columns are optional.
 */
export const CANONICAL_COLUMNS = [
  'source_id',
  'full_name',
  'family_name',
  'middle_name',
  'given_name',
  'sex',
  'date_of_birth',
  'birth_year',
  'age',
  'province',
  'id_number',
  'phone',
  'citizenship',
  'exploitation_type',
  'reached_via',
  'registered_on',
  'destination_country',
] as const;
export type CanonicalColumn = (typeof CANONICAL_COLUMNS)[number];

/** A file's header, as written in the file, -> the canonical column it holds (null: ignored). */
export const columnMappingSchema = z.record(z.string().min(1).max(200), z.enum(CANONICAL_COLUMNS).nullable());

/** `{ "columns": { "Họ và tên": "full_name", "Ghi chú": null } }` */
export const mappingFileSchema = z
  .object({
    columns: columnMappingSchema.describe('header as written in the file -> canonical column, or null to ignore it'),
  })
  .strict();
export type MappingFile = z.infer<typeof mappingFileSchema>;
