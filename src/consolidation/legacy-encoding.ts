// Legacy Vietnamese encodings (pure, no I/O): TCVN3 (the "ABC" fonts, .VnTime) and
// VNI-Windows (the VNI-Times fonts), still found in government spreadsheets.
//
// Both predate Unicode: the text was stored as ordinary single-byte code points
// (Latin-1 / windows-1252 positions) and only the font drew them as Vietnamese
// letters. Read without that font the text is mojibake: "NguyÔn ThÞ Lan" (TCVN3,
// one code point per letter) or "Nguyeãn Thò Lan" (VNI, a base letter followed by a
// second code point holding the marks). Whether the cells came from a CSV decoded as
// windows-1252 or from an XLSX whose cells hold the font's code points, the
// characters are the same.
//
// No well-kept library does this conversion, so the tables below are written by
// hand from the published code charts (TCVN 5712:1993 "VN3" as used by the ABC
// .VnTime fonts; VNI-Windows as used by the VNI-Times fonts), and tested with known
// words in legacy-encoding.test.ts.
//
// What cannot be recovered:
// - TCVN3 has no capital letters with a tone mark (Á, Ễ, Ị...). Capitals were drawn
//   with a second font (.VnTimeH), which draws the SAME lower-case code points as
//   capitals. Once the font is gone, the code says "ễ" whatever the font was. We
//   restore capitals where the word shows them: a converted letter inside a word whose
//   other letters are capitals becomes a capital ("NGUYÔN" -> "NGUYỄN"), and a word
//   that starts with a converted letter, in a text whose other words start with
//   capitals, starts with a capital ("¸nh" in "NguyÔn ThÞ ¸nh" -> "Ánh"). A text typed
//   entirely in .VnTimeH with lower-case keys ("nguyÔn thÞ lan") reads as lower case:
//   nothing in the bytes says it was drawn in capitals.
// - TCVN3 capitals without tone (Ă Â Ê Ô Ơ Ư Đ) have their own code points and are
//   recovered exactly.
// - VNI encodes capitals with their own code points: recovered exactly. A VNI letter
//   whose base and mark disagree in case (a typing-tool artefact) takes the base's case.

export type LegacyEncoding = 'tcvn3' | 'vni';

// ---- Charset of a file ----

/** How many bytes of a file's start `sniffCharset` needs to decide (the pipeline reads this much first). */
export const SNIFF_BYTES = 64 * 1024;

/**
 * The charset of a file from its first bytes (up to SNIFF_BYTES): UTF-8 when they are valid UTF-8
 * (a multi-byte sequence cut at the end of the chunk is allowed), else windows-1252.
 * A streaming pipeline reads the first SNIFF_BYTES, calls this, then decodes the whole stream with
 * `createTextDecoderStream(charset)`. An invalid UTF-8 sequence after the first 64 KiB then becomes
 * U+FFFD (the file was mostly UTF-8, so that is the better reading).
 */
export function sniffCharset(firstBytes: Uint8Array): 'utf-8' | 'windows-1252' {
  try {
    // stream: true — an incomplete sequence at the end is held back, not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(firstBytes, { stream: true });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** A TextDecoderStream for the charset (a UTF-8 BOM is dropped). */
export function createTextDecoderStream(charset: 'utf-8' | 'windows-1252'): TextDecoderStream {
  return new TextDecoderStream(charset);
}

/** Decodes a file's bytes: UTF-8 (with or without BOM) when valid, else windows-1252 (TextDecoder). */
export function decodeText(bytes: Uint8Array): { text: string; charset: 'utf-8' | 'windows-1252' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), charset: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), charset: 'windows-1252' };
  }
}

// ---- The tables ----

// TCVN3 (ABC): one code point per letter. Lower-case letters with marks, and the seven
// capitals without tone. Written as (legacy code point, Unicode letter) pairs in the order
// of the Vietnamese alphabet; code points are the windows-1252 / Latin-1 positions.
const TCVN3_PAIRS: readonly (readonly [number, string])[] = [
  [0xb5, 'à'], [0xb8, 'á'], [0xb6, 'ả'], [0xb7, 'ã'], [0xb9, 'ạ'],
  [0xa8, 'ă'], [0xbb, 'ằ'], [0xbe, 'ắ'], [0xbc, 'ẳ'], [0xbd, 'ẵ'], [0xc6, 'ặ'],
  [0xa9, 'â'], [0xc7, 'ầ'], [0xca, 'ấ'], [0xc8, 'ẩ'], [0xc9, 'ẫ'], [0xcb, 'ậ'],
  [0xae, 'đ'],
  [0xcc, 'è'], [0xd0, 'é'], [0xce, 'ẻ'], [0xcf, 'ẽ'], [0xd1, 'ẹ'],
  [0xaa, 'ê'], [0xd2, 'ề'], [0xd5, 'ế'], [0xd3, 'ể'], [0xd4, 'ễ'], [0xd6, 'ệ'],
  [0xd7, 'ì'], [0xdd, 'í'], [0xd8, 'ỉ'], [0xdc, 'ĩ'], [0xde, 'ị'],
  [0xdf, 'ò'], [0xe3, 'ó'], [0xe1, 'ỏ'], [0xe2, 'õ'], [0xe4, 'ọ'],
  [0xab, 'ô'], [0xe5, 'ồ'], [0xe8, 'ố'], [0xe6, 'ổ'], [0xe7, 'ỗ'], [0xe9, 'ộ'],
  [0xac, 'ơ'], [0xea, 'ờ'], [0xed, 'ớ'], [0xeb, 'ở'], [0xec, 'ỡ'], [0xee, 'ợ'],
  [0xef, 'ù'], [0xf3, 'ú'], [0xf1, 'ủ'], [0xf2, 'ũ'], [0xf4, 'ụ'],
  [0xad, 'ư'], [0xf5, 'ừ'], [0xf8, 'ứ'], [0xf6, 'ử'], [0xf7, 'ữ'], [0xf9, 'ự'],
  [0xfa, 'ỳ'], [0xfd, 'ý'], [0xfb, 'ỷ'], [0xfc, 'ỹ'], [0xfe, 'ỵ'],
  [0xa1, 'Ă'], [0xa2, 'Â'], [0xa7, 'Đ'], [0xa3, 'Ê'], [0xa4, 'Ô'], [0xa5, 'Ơ'], [0xa6, 'Ư'],
]; // prettier-ignore

const TCVN3 = new Map<string, string>(TCVN3_PAIRS.map(([code, letter]) => [String.fromCharCode(code), letter]));

// VNI-Windows: a base letter (a e o u y, or the VNI letters ô=ơ and ö=ư) followed by a
// code point holding its marks. Lower-case marks follow lower-case letters, capital marks
// capital letters. The marks, by the Vietnamese letter they make from "a", "e", "o" ...:
//   acute ù/Ù, grave ø/Ø, hook û/Û, tilde õ/Õ, dot ï/Ï;
//   circumflex â/Â and with tone á à å ã ä / Á À Å Ã Ä (acute grave hook tilde dot);
//   breve ê/Ê and with tone é è ú ü ë / É È Ú Ü Ë.
const TONES = ['\u0301', '\u0300', '\u0309', '\u0303', '\u0323'] as const; // acute grave hook tilde dot
const VNI_TONE_MARKS = ['ù', 'ø', 'û', 'õ', 'ï'] as const;
const VNI_CIRCUMFLEX_MARKS = ['á', 'à', 'å', 'ã', 'ä'] as const;
const VNI_BREVE_MARKS = ['é', 'è', 'ú', 'ü', 'ë'] as const;

/** mark code point (lower case) -> combining marks it adds to the base letter. */
const VNI_MARKS = new Map<string, string>();
VNI_TONE_MARKS.forEach((m, i) => VNI_MARKS.set(m, TONES[i]!));
VNI_MARKS.set('â', '\u0302');
VNI_CIRCUMFLEX_MARKS.forEach((m, i) => VNI_MARKS.set(m, '\u0302' + TONES[i]!));
VNI_MARKS.set('ê', '\u0306');
VNI_BREVE_MARKS.forEach((m, i) => VNI_MARKS.set(m, '\u0306' + TONES[i]!));

/** Letters that stand alone in VNI (the i's with tones, ơ ư đ ỵ), lower case; capitals likewise. */
const VNI_SINGLE = new Map<string, string>([
  ['í', 'í'], ['ì', 'ì'], ['æ', 'ỉ'], ['ó', 'ĩ'], ['ò', 'ị'],
  ['ô', 'ơ'], ['ö', 'ư'], ['ñ', 'đ'], ['î', 'ỵ'],
]); // prettier-ignore

/** Base letters a VNI mark may follow (lower case; ô and ö are VNI's ơ and ư). */
const VNI_BASES = new Set(['a', 'e', 'o', 'u', 'y', 'ô', 'ö']);

function vniBase(ch: string): string {
  return VNI_SINGLE.get(ch) ?? ch; // ô -> ơ, ö -> ư; a e o u y unchanged
}

// Which marks are allowed on which base (a circumflex only on a e o, a breve only on a, and
// ơ ư take tones only): a mark that does not fit is not VNI and is left as it is.
function vniMarkFits(base: string, marks: string): boolean {
  if (marks.startsWith('\u0302')) return base === 'a' || base === 'e' || base === 'o';
  if (marks.startsWith('\u0306')) return base === 'a';
  return true;
}

// ---- Conversion ----

function isUpper(ch: string): boolean {
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

const LETTER = /\p{L}/u;

function isLetter(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  return LETTER.test(ch);
}

interface Tcvn3Word {
  out: string;
  /** The first letter is a converted lower-case code (the font may have drawn it as a capital). */
  startsConverted: boolean;
  convertedLower: number;
  /** Letters not from a lower-case code: how many, and how many are capitals. */
  others: number;
  otherCapitals: number;
  firstIsCapital: boolean;
}

function convertTcvn3(text: string): string {
  // Per word (split at spaces), so that capitals can be restored from the word's other letters.
  const words: Tcvn3Word[] = [];
  const spaces: string[] = [];
  let word: Tcvn3Word | undefined;
  for (const ch of text) {
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\u00a0') {
      if (word) {
        words.push(word);
        word = undefined;
      }
      spaces[words.length] = (spaces[words.length] ?? '') + ch;
      continue;
    }
    word ??= { out: '', startsConverted: false, convertedLower: 0, others: 0, otherCapitals: 0, firstIsCapital: false };
    const letter = TCVN3.get(ch);
    const first = word.out.length === 0;
    if (letter !== undefined && letter === letter.toLowerCase()) {
      word.convertedLower++;
      if (first) word.startsConverted = true;
    } else if (isLetter(letter ?? ch)) {
      word.others++;
      if (isUpper(letter ?? ch)) {
        word.otherCapitals++;
        if (first) word.firstIsCapital = true;
      }
    }
    word.out += letter ?? ch;
  }
  if (word) words.push(word);
  if (!words.some((w) => w.convertedLower > 0)) return text;

  // Does the text write words with an initial capital ("Nguyễn Thị Lan")? Then a word whose
  // first letter is a converted lower-case letter lost its capital to the missing font.
  const withLetters = words.filter((w) => w.convertedLower + w.others > 0);
  const titleCase = withLetters.length > 1 && withLetters.every((w) => w.startsConverted || w.firstIsCapital);
  // Written in capitals: every letter the font did not draw is a capital, and there are several.
  const others = words.reduce((n, w) => n + w.others, 0);
  const allCapitals = others > 2 && words.every((w) => w.otherCapitals === w.others);
  let result = spaces[0] ?? '';
  words.forEach((w, i) => {
    let out = w.out;
    if (w.convertedLower > 0) {
      // .VnTimeH capitals: "NGUYÔN" (a word of capitals), or "HÀ" in a text of capitals (not "Hà").
      if (w.others > 0 && w.otherCapitals === w.others && (w.others > 1 || allCapitals)) out = out.toUpperCase();
      else if (titleCase && w.startsConverted && w.otherCapitals === 0) out = out[0]!.toUpperCase() + out.slice(1);
    }
    result += out + (spaces[i + 1] ?? '');
  });
  return result;
}

function convertVni(text: string): string {
  const chars = [...text];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const lower = ch.toLowerCase();
    const next = chars[i + 1];
    if (VNI_BASES.has(lower) && next !== undefined) {
      const marks = VNI_MARKS.get(next.toLowerCase());
      const base = vniBase(lower);
      if (marks !== undefined && vniMarkFits(base, marks)) {
        const letter = (base + marks).normalize('NFC');
        out += isUpper(ch) ? letter.toUpperCase() : letter;
        i++;
        continue;
      }
    }
    const single = VNI_SINGLE.get(lower);
    if (single !== undefined) {
      out += isUpper(ch) ? single.toUpperCase() : single;
      continue;
    }
    out += ch;
  }
  return out;
}

/** The text converted to Unicode NFC. */
export function convertLegacy(text: string, encoding: LegacyEncoding): string {
  return (encoding === 'tcvn3' ? convertTcvn3(text) : convertVni(text)).normalize('NFC');
}

// ---- Encoding (Unicode -> legacy), for tests and the demo's deliberately old files ----

const TCVN3_ENCODE = new Map<string, string>([...TCVN3].map(([code, letter]) => [letter, code]));

const VNI_ENCODE = new Map<string, string>();
for (const [baseCode, base] of [
  ['a', 'a'],
  ['e', 'e'],
  ['o', 'o'],
  ['u', 'u'],
  ['y', 'y'],
  ['ô', 'ơ'],
  ['ö', 'ư'],
]) {
  for (const [mark, marks] of VNI_MARKS) {
    if (vniMarkFits(base!, marks)) VNI_ENCODE.set((base + marks).normalize('NFC'), baseCode! + mark);
  }
}
for (const [code, letter] of VNI_SINGLE) VNI_ENCODE.set(letter, code); // ỵ is î, not yï

/**
 * Unicode text as a legacy font stored it (code points U+0000..U+00FF; write them as windows-1252
 * bytes). TCVN3 capitals with a tone are written with the lower-case code, as .VnTimeH did.
 */
export function encodeLegacy(text: string, encoding: LegacyEncoding): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    if (encoding === 'tcvn3') {
      out += TCVN3_ENCODE.get(ch) ?? TCVN3_ENCODE.get(ch.toLowerCase()) ?? ch;
    } else {
      const lower = ch.toLowerCase();
      const code = VNI_ENCODE.get(lower);
      out += code === undefined ? ch : ch === lower ? code : code.toUpperCase();
    }
  }
  return out;
}

// ---- Detection ----

// A Vietnamese syllable: optional initial consonant, a vowel group, a final consonant
// where the group allows one, at most one tone, on the vowel that carries it; a syllable
// ending in c ch p t takes only the acute or dot tone. Groups ending in a glide (ai, ao,
// iêu...) take no final; ă â iê uô ươ... need one; the rest take one or not. The number
// is the position of the tone in the group (old and new placements both count: hòa, hoà).
const INITIALS = ['ngh', 'ng', 'nh', 'ch', 'gh', 'gi', 'kh', 'ph', 'qu', 'th', 'tr', 'b', 'c', 'd', 'đ', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'x', '']; // prettier-ignore
const OPEN_GROUPS: Readonly<Record<string, readonly number[]>> = {
  ai: [0], ao: [0], au: [0], ay: [0], âu: [0], ây: [0], eo: [0], êu: [0], ia: [0], iu: [0], oi: [0], ôi: [0],
  ơi: [0], ua: [0], ui: [0], ưa: [0], ưi: [0], ưu: [0], uơ: [1], iêu: [1], yêu: [1], oai: [1], oay: [1], oao: [1],
  oeo: [1], uây: [1], uôi: [1], uya: [1], uyu: [1], ươi: [1], ươu: [1], uơi: [1],
  // Open or closed:
  a: [0], e: [0], ê: [0], i: [0], o: [0], ô: [0], ơ: [0], u: [0], ư: [0], y: [0], oa: [0, 1], oe: [0, 1], uê: [1],
  uy: [0, 1],
}; // prettier-ignore
const CLOSED_GROUPS: Readonly<Record<string, readonly number[]>> = {
  a: [0], ă: [0], â: [0], e: [0], ê: [0], i: [0], o: [0], ô: [0], ơ: [0], u: [0], ư: [0], y: [0], oa: [1], oe: [1],
  uê: [1], uy: [1], iê: [1], yê: [1], uô: [1], ươ: [1], oo: [1], oă: [1], uâ: [1], uyê: [2],
}; // prettier-ignore
const FINAL = /(ng|nh|ch|c|m|n|p|t)$/u;
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu;

/** True when `word` (letters only) reads as one Vietnamese syllable in Unicode. */
export function isVietnameseSyllable(word: string): boolean {
  const letters = [...word.toLowerCase().normalize('NFC')];
  let tone: string | undefined;
  let toneAt = -1;
  const toneless: string[] = [];
  for (const [i, ch] of letters.entries()) {
    const marks = ch.normalize('NFD').match(TONE_MARKS) ?? [];
    if (marks.length > 1 || (marks.length === 1 && tone !== undefined)) return false;
    if (marks.length === 1) [tone, toneAt] = [marks[0], i];
    toneless.push(ch.normalize('NFD').replace(TONE_MARKS, '').normalize('NFC'));
  }
  const text = toneless.join('');
  const final = FINAL.exec(text)?.[1] ?? '';
  if ((final === 'c' || final === 'ch' || final === 'p' || final === 't') && tone !== '\u0301' && tone !== '\u0323') {
    return false;
  }
  // Try every initial (gi and g, for "gì" and "giữ") and, when there is a final, with and without it ("ng" in "nga").
  for (const initial of INITIALS) {
    if (!text.startsWith(initial)) continue;
    for (const [groups, end] of [
      [CLOSED_GROUPS, text.length - final.length],
      [OPEN_GROUPS, text.length],
    ] as const) {
      if (groups === CLOSED_GROUPS && !final) continue;
      const positions = groups[text.slice(initial.length, end)];
      if (!positions) continue;
      if (tone === undefined || positions.includes(toneAt - [...initial].length)) return true;
    }
  }
  return false;
}

// Words are split at ASCII non-letters and spaces only: the legacy code points
// (µ ¸ § ª « ¬ the soft hyphen...) are all above U+00A0 and must stay inside words.
const WORD_SPLIT = /[\s\u0000-\u0040\u005b-\u0060\u007b-\u009f\u00a0]+/u;
// Letters that only Unicode Vietnamese (or other Unicode text) has: nothing typed in a legacy
// font, read through Latin-1 or windows-1252, produces them.
const UNICODE_ONLY = /[\u0100-\u0151\u0154-\u015f\u0162-\u017d\u0180-\u024f\u1e00-\u1eff]/u;

/**
 * True when the text holds letters that only Unicode has (ễ, đ, ư...): no legacy font read as
 * windows-1252 produces them, so such a cell was typed in Unicode even in a legacy column (a
 * file where later rows were typed anew), and converting it would spoil it.
 */
export function hasUnicodeOnlyLetters(text: string): boolean {
  return UNICODE_ONLY.test(text.normalize('NFC'));
}

function evidence(word: string, encoding: LegacyEncoding): number {
  const converted = convertLegacy(word, encoding);
  if (converted === word) return 0;
  const before = isVietnameseSyllable(word);
  const after = isVietnameseSyllable(converted);
  if (after && !before) return 1;
  if (before && !after) return -1;
  return 0;
}

/**
 * The legacy encoding that a column's sample values are typed in, or null when they read as
 * Unicode. Each word that a conversion changes counts for that encoding when it turns a
 * non-word into a Vietnamese syllable, and against it when it spoils a syllable; a word
 * holding letters only Unicode has ("ễ", "đ") counts against both. An encoding is chosen
 * when it has evidence and at least three times more for it than against it.
 *
 * Limits: a column mixing legacy rows and rows typed anew in Unicode is detected only while the
 * legacy words outnumber the Unicode ones three to one (give parseRow the encoding explicitly
 * otherwise: it leaves cells holding Unicode-only letters alone). A value too short to show
 * evidence ("Lê", "Hà": valid syllables both ways) decides nothing; it is the column that decides.
 */
export function detectLegacyEncoding(samples: readonly string[]): LegacyEncoding | null {
  const score = { tcvn3: { for: 0, against: 0 }, vni: { for: 0, against: 0 } };
  for (const sample of samples) {
    for (const word of sample.normalize('NFC').split(WORD_SPLIT)) {
      if (!word || /^[\u0000-\u007f]*$/.test(word)) continue;
      if (UNICODE_ONLY.test(word)) {
        score.tcvn3.against++;
        score.vni.against++;
        continue;
      }
      for (const encoding of ['tcvn3', 'vni'] as const) {
        const e = evidence(word, encoding);
        if (e > 0) score[encoding].for++;
        else if (e < 0) score[encoding].against++;
      }
    }
  }
  const candidates = (['tcvn3', 'vni'] as const)
    .filter((enc) => score[enc].for > 0 && score[enc].for >= 3 * score[enc].against)
    .sort((a, b) => score[b].for - score[b].against - (score[a].for - score[a].against));
  return candidates[0] ?? null;
}
