// `lantern reference provinces`: the 34 provincial units of 2025, for `agency add --province`
// and import files. Names are Vietnamese proper names in every language; the rest is translated.
import { LANGUAGES, PROVINCES, PROVINCES_VERSION, type Language } from '../../contract/reference/index.js';

const TEXT: Record<Language, { city: string; province: string; header: [string, string, string]; total: string }> = {
  vi: {
    city: 'thành phố',
    province: 'tỉnh',
    header: ['MÃ', 'TÊN', 'LOẠI'],
    total: '{n} đơn vị hành chính cấp tỉnh (từ {date}).',
  },
  en: {
    city: 'city',
    province: 'province',
    header: ['CODE', 'NAME', 'KIND'],
    total: '{n} provincial units (from {date}).',
  },
  fr: {
    city: 'ville',
    province: 'province',
    header: ['CODE', 'NOM', 'TYPE'],
    total: '{n} unités de niveau provincial (depuis le {date}).',
  },
};

/** The language of the shell (LC_ALL, LC_MESSAGES, LANG: e.g. fr_FR.UTF-8), if Lantern speaks it. */
export function shellLanguage(env: NodeJS.ProcessEnv = process.env): Language | undefined {
  for (const v of [env.LC_ALL, env.LC_MESSAGES, env.LANG]) {
    const code = v?.slice(0, 2).toLowerCase();
    if (code && (LANGUAGES as readonly string[]).includes(code)) return code as Language;
    if (v) return undefined;
  }
  return undefined;
}

export function listProvinces(o: { language?: Language }) {
  const lang = o.language ?? shellLanguage() ?? 'vi';
  const t = TEXT[lang];
  const rows = PROVINCES.map((p) => [p.code, p.name, t[p.type]] as const);
  const width = Math.max(t.header[0].length, ...rows.map((r) => r[0].length));
  const nameWidth = Math.max(t.header[1].length, ...rows.map((r) => r[1].length));
  for (const r of [t.header, ...rows]) console.log(`${r[0].padEnd(width)}  ${r[1].padEnd(nameWidth)}  ${r[2]}`);
  console.log(t.total.replace('{n}', String(rows.length)).replace('{date}', PROVINCES_VERSION));
}
