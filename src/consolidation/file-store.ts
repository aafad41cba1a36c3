// An import's file, kept in the database encrypted in fixed-size chunks (so that any
// server's job runner can read it and a restart resumes), and read back as CSV records
// from a byte offset without ever holding the whole file in memory.
//
// Records are found on the bytes, before decoding: in UTF-8 and windows-1252 alike the
// quote (0x22) and the line feed (0x0A) never occur inside another character, so a
// record ends at a line feed outside quotes whatever the charset. Each record is
// decoded and split into cells on its own. A position is the byte offset just after a
// complete record, with the physical line number there.
import type { Kysely } from 'kysely';
import type { DB } from '../platform/db-schema.js';
import type { Keys } from '../platform/keys.js';

/** Plain bytes per stored chunk (the last chunk of a part may be shorter). */
export const CHUNK_BYTES = 256 * 1024;

const QUOTE = 0x22;
const LF = 0x0a;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Writes a file encrypted in chunks of `chunkBytes` plain bytes as the bytes arrive; `insert`
 * stores one encrypted chunk (an import's file, a statistics export's file).
 */
export class EncryptedChunkWriter {
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #seq: number;
  bytes = 0;

  constructor(
    private readonly keys: Keys,
    private readonly insert: (seq: number, encrypted: Buffer) => Promise<void>,
    private readonly chunkBytes = CHUNK_BYTES,
    firstSeq = 0,
  ) {
    this.#seq = firstSeq;
  }

  /** The sequence number the next chunk will take. */
  get nextSeq(): number {
    return this.#seq;
  }

  async write(data: Uint8Array): Promise<void> {
    let buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    this.bytes += buf.length;
    while (buf.length > 0) {
      const take = Math.min(buf.length, this.chunkBytes - this.#pendingBytes);
      this.#pending.push(buf.subarray(0, take));
      this.#pendingBytes += take;
      buf = buf.subarray(take);
      if (this.#pendingBytes === this.chunkBytes) await this.#flush();
    }
  }

  async end(): Promise<void> {
    if (this.#pendingBytes > 0) await this.#flush();
  }

  async #flush(): Promise<void> {
    const plain = Buffer.concat(this.#pending, this.#pendingBytes);
    this.#pending = [];
    this.#pendingBytes = 0;
    await this.insert(this.#seq++, this.keys.encryptBytes(plain));
  }
}

/** Writes one part of an import's file chunk by chunk, as the bytes arrive. */
export class ChunkWriter extends EncryptedChunkWriter {
  constructor(db: Kysely<DB>, keys: Keys, importId: string, part: number, chunkBytes = CHUNK_BYTES) {
    super(
      keys,
      async (seq, bytes) => {
        await db.insertInto('data_import_chunk').values({ import_id: importId, part, seq, bytes }).execute();
      },
      chunkBytes,
    );
  }
}

/**
 * Counts records as bytes go by (a header and data rows; blank lines are not records),
 * keeping only the quote state: used while a CSV uploads, to know its rows.
 */
export class RecordCounter {
  #inQuotes = false;
  #lineHasContent = false;
  records = 0;

  push(buf: Uint8Array): void {
    let inQuotes = this.#inQuotes;
    let content = this.#lineHasContent;
    let records = this.records;
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i]!;
      if (b === QUOTE) {
        inQuotes = !inQuotes;
        content = true;
      } else if (b === LF) {
        if (!inQuotes) {
          if (content) records++;
          content = false;
        }
      } else if (b !== 0x0d && b !== 0x20 && b !== 0x09) content = true;
    }
    this.#inQuotes = inQuotes;
    this.#lineHasContent = content;
    this.records = records;
  }

  /** Records in all, once the last bytes were pushed (a last line without a line feed counts). */
  end(): number {
    return this.records + (this.#lineHasContent ? 1 : 0);
  }
}

/** One CSV record as read: its bytes, where it starts (line), and the position after it. */
export interface RawRecord {
  bytes: Buffer;
  line: number;
  endOffset: number;
  endLine: number;
}

/**
 * Reads the records of one stored part from `offset` (a position after a complete record,
 * or 0) on; `line` is the number of physical lines before `offset`. Blank lines are
 * skipped. Reads one chunk at a time.
 */
export async function* readRecords(
  db: Kysely<DB>,
  keys: Keys,
  file: { importId: string; part: number; chunkBytes: number },
  offset: number,
  line: number,
): AsyncGenerator<RawRecord> {
  let seq = Math.floor(offset / file.chunkBytes);
  let skip = offset - seq * file.chunkBytes;
  let pending: Buffer = Buffer.alloc(0);
  let pendingStart = offset; // file offset of pending[0]
  let lineNo = line;
  let inQuotes = false;
  let scanFrom = 0; // index in pending where scanning continues
  let recordLines = 0; // line feeds inside the current record so far
  for (;;) {
    const row = await db
      .selectFrom('data_import_chunk')
      .select('bytes')
      .where('import_id', '=', file.importId)
      .where('part', '=', file.part)
      .where('seq', '=', seq)
      .executeTakeFirst();
    const last = !row;
    if (row) {
      let plain = keys.decryptBytes(row.bytes);
      if (skip > 0) plain = plain.subarray(skip);
      skip = 0;
      if (pendingStart === 0 && pending.length === 0 && UTF8_BOM.every((b, i) => plain[i] === b)) {
        plain = plain.subarray(3);
        pendingStart = 3;
      }
      pending = pending.length ? Buffer.concat([pending, plain]) : plain;
      seq++;
    }
    let start = 0;
    for (let i = scanFrom; i < pending.length; i++) {
      const b = pending[i]!;
      if (b === QUOTE) inQuotes = !inQuotes;
      else if (b === LF) {
        if (inQuotes) {
          recordLines++;
          continue;
        }
        const bytes = pending.subarray(start, i + 1);
        const firstLine = lineNo + 1;
        lineNo += recordLines + 1;
        recordLines = 0;
        start = i + 1;
        if (!isBlank(bytes)) yield { bytes, line: firstLine, endOffset: pendingStart + start, endLine: lineNo };
      }
    }
    pending = pending.subarray(start);
    pendingStart += start;
    scanFrom = pending.length;
    if (last) {
      if (pending.length > 0 && !isBlank(pending)) {
        const firstLine = lineNo + 1;
        lineNo += recordLines + 1;
        yield { bytes: pending, line: firstLine, endOffset: pendingStart + pending.length, endLine: lineNo };
      }
      return;
    }
  }
}

function isBlank(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== LF && b !== 0x0d && b !== 0x20 && b !== 0x09) return false;
  return true;
}

/** The delimiter of a CSV from its header line: the most frequent of comma, semicolon and tab outside quotes. */
export function detectDelimiter(header: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let inQuotes = false;
  for (const ch of header) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

/** The cells of one decoded record (RFC 4180 quoting; a trailing CR/LF is dropped). */
export function splitCells(record: string, delimiter: string): string[] {
  const text = record.replace(/\r?\n$/, '').replace(/\r$/, '');
  const cells: string[] = [];
  let cell = '';
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else inQuotes = false;
      } else cell += ch;
    } else if (ch === '"') inQuotes = true;
    else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

/** What a spreadsheet would run as a formula: = or @ first, or + / - not followed by a digit (a phone number stays). */
const FORMULA = /^(?:[=@\t\r]|[+-][^\d\s])/;

/**
 * One CSV line from cells, quoted when needed. For people to open (`forSpreadsheet`), a cell a
 * spreadsheet would run as a formula is prefixed with an apostrophe.
 */
export function csvLine(cells: readonly (string | number)[], forSpreadsheet = false): string {
  return (
    cells
      .map((c) => {
        let text = String(c);
        if (forSpreadsheet && typeof c === 'string' && FORMULA.test(text)) text = `'${text}`;
        return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
      })
      .join(',') + '\r\n'
  );
}
