// The text layer of a PDF made by pdfkit, for tests: pdfkit writes text in embedded fonts as glyph
// ids (<hex> in TJ arrays) and maps them back to Unicode with each font's ToUnicode CMap; this
// inflates the streams (FlateDecode), reads the CMaps and decodes every text run, in page order.
import { inflateSync } from 'node:zlib';

/** The Unicode text of each page, one string per text run joined by newlines. */
export function pdfText(pdf: Buffer): string[] {
  const source = pdf.toString('latin1');
  const objects = new Map<string, string>();
  for (const m of source.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) objects.set(m[1]!, m[2]!);
  const streamOf = (id: string) => {
    const body = objects.get(id) ?? '';
    const length = Number(/\/Length (\d+)/.exec(body)?.[1] ?? 0);
    const start = /stream\r?\n/.exec(body);
    if (!start) return '';
    const data = Buffer.from(
      body.slice(start.index + start[0].length, start.index + start[0].length + length),
      'latin1',
    );
    return /\/Filter \/FlateDecode/.test(body) ? inflateSync(data).toString('latin1') : data.toString('latin1');
  };

  // Font resource name (/F1 …) -> glyph id -> text, per font object.
  const cmaps = new Map<string, Map<number, string>>();
  const cmapOf = (fontId: string): Map<number, string> => {
    const cached = cmaps.get(fontId);
    if (cached) return cached;
    const map = new Map<number, string>();
    const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(objects.get(fontId) ?? '')?.[1];
    const cmap = toUnicode ? streamOf(toUnicode) : '';
    const utf16 = (hex: string) => Buffer.from(hex.replace(/\s+/g, ''), 'hex').swap16().toString('utf16le');
    for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const r of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
        const start = parseInt(r[1]!, 16);
        const end = parseInt(r[2]!, 16);
        const target = r[3]!;
        if (target.startsWith('[')) {
          [...target.matchAll(/<([0-9a-fA-F\s]*)>/g)].forEach((t, i) => map.set(start + i, utf16(t[1]!)));
        } else {
          const base = parseInt(target.slice(1, -1), 16);
          for (let g = start; g <= end; g += 1) map.set(g, String.fromCharCode(base + g - start));
        }
      }
    }
    for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const c of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g))
        map.set(parseInt(c[1]!, 16), utf16(c[2]!));
    }
    cmaps.set(fontId, map);
    return map;
  };

  const pages: string[] = [];
  const pageIds = [...objects.entries()].filter(([, body]) => /\/Type \/Page\b/.test(body)).map(([id]) => id);
  for (const pageId of pageIds) {
    const page = objects.get(pageId)!;
    const fonts = new Map<string, string>();
    const resources = /\/Resources (\d+) 0 R/.exec(page)?.[1];
    const resourceText = resources ? objects.get(resources)! : page;
    const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(resourceText)?.[1] ?? '';
    for (const f of fontDict.matchAll(/\/(\w+) (\d+) 0 R/g)) fonts.set(f[1]!, f[2]!);
    const contentIds = [.../\/Contents (?:\[([^\]]*)\]|(\d+) 0 R)/.exec(page)!.slice(1).join(' ').matchAll(/(\d+)/g)]
      .map((m) => m[1]!)
      .filter((id) => objects.has(id));
    const runs: string[] = [];
    let font = '';
    for (const id of contentIds) {
      const content = streamOf(id);
      for (const op of content.matchAll(/\/(\w+) [\d.]+ Tf|\[((?:<[0-9a-fA-F]*>|[^\]])*)\] TJ|<([0-9a-fA-F]*)> Tj/g)) {
        if (op[1]) {
          font = fonts.get(op[1]) ?? '';
          continue;
        }
        const map = cmapOf(font);
        const hexes = op[2] !== undefined ? [...op[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => m[1]!) : [op[3]!];
        let text = '';
        for (const hex of hexes) {
          for (let i = 0; i + 4 <= hex.length; i += 4) text += map.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\uFFFD';
        }
        runs.push(text);
      }
    }
    pages.push(runs.join('\n'));
  }
  return pages;
}
