// Import files for tests: small CSVs with Vietnamese headers, some rows deliberately bad.
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestLantern } from './harness.js';

export const HEADER =
  'Mã hồ sơ,Họ và tên,Ngày sinh,Giới tính,Số CCCD,Số điện thoại,Tỉnh,exploitation_type,registered_on';

export interface Row {
  id: string;
  name: string;
  dob: string;
  sex?: string;
  cccd?: string;
  phone?: string;
  province?: string;
  exploitation?: string;
  registered?: string;
}

export const line = (r: Row) =>
  [
    r.id,
    r.name,
    r.dob,
    r.sex ?? 'Nữ',
    r.cccd ?? '',
    r.phone ?? '',
    r.province ?? 'Hà Giang',
    r.exploitation ?? '',
    r.registered ?? '',
  ].join(',');

/** `n` valid rows: P-1 … P-n. */
export const validRows = (n: number, from = 1): Row[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `P-${from + i}`,
    name: `Nguyễn Thị Số${from + i}`,
    dob: `0${1 + (i % 9)}/0${1 + (i % 9)}/199${i % 10}`,
    cccd: `001199${String(100000 + from + i)}`,
    phone: `09${String(12000000 + from + i)}`,
  }));

export const csv = (rows: Row[], header = HEADER) => `${header}\n${rows.map(line).join('\n')}\n`;

export async function upload(
  l: TestLantern,
  token: string,
  body: string | Buffer,
  query = 'agency=CA-HG&fileName=police.csv',
  type = 'text/csv',
) {
  const r = await l.app.inject({
    method: 'POST',
    url: `/api/v1/imports?${query}`,
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    payload: body,
  });
  return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : null, headers: r.headers };
}

/** Polls the import until it leaves `previewing` / `importing`. */
export async function settle(l: TestLantern, token: string, id: string) {
  for (;;) {
    const r = await l.call(token, 'GET', `/api/v1/imports/${id}`);
    if (r.status !== 200) throw new Error(`GET import ${r.status}: ${JSON.stringify(r.body)}`);
    if (r.body.state !== 'previewing' && r.body.state !== 'importing') return r.body;
    await sleep(20);
  }
}

export async function count(l: TestLantern, table: 'person' | 'case_file' | 'source_record' | 'data_import') {
  const r = await l.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Text as windows-1252 bytes (Node has no encoder for it: the decoder's table, inverted). */
export function windows1252(text: string): Buffer {
  const table = new Map<string, number>();
  const decoder = new TextDecoder('windows-1252');
  for (let b = 0; b < 256; b++) table.set(decoder.decode(Uint8Array.of(b)), b);
  return Buffer.from(
    [...text].map((ch) => {
      const b = table.get(ch);
      if (b === undefined) throw new Error(`${ch} has no windows-1252 byte`);
      return b;
    }),
  );
}
