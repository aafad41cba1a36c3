// Name normalisation for search (pure, shared with the web app). Vietnamese names
// are stored exactly as entered; only the search key drops accents and case and
// sorts the words, so "nguyen thi lan", "Lan Nguyễn Thị" and "NGUYỄN THỊ LAN"
// all meet the same key. Small spelling differences are handled by trigram
// similarity on that key in the database.

/**
 * Text folded for matching what people type against a list: lower case, no diacritics (đ → d),
 * any run of other characters as one space. "Bà Rịa–Vũng Tàu" -> "ba ria vung tau".
 */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Lower-case, accent-free (đ → d), punctuation-free words. */
export function nameTokens(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐðÐ]/g, 'd') // Đ, and the look-alike Ð that legacy Vietnamese encodings produce
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** The search key of a query or of one name: its words, sorted. */
export function nameKey(text: string): string {
  return nameTokens(text).sort().join(' ');
}

/** The stored search key of a person: the distinct words of all their names and aliases, sorted. */
export function personNameKey(names: ReadonlyArray<string | null | undefined>): string {
  return [...new Set(names.flatMap((n) => (n ? nameTokens(n) : [])))].sort().join(' ');
}

/** The name as a Vietnamese agency writes it: family, middle, given. */
export function displayName(p: {
  familyName?: string | null;
  middleName?: string | null;
  givenName?: string | null;
  aliases?: readonly string[];
}): string {
  const full = [p.familyName, p.middleName, p.givenName].filter((x) => x && x.trim()).join(' ');
  return full || p.aliases?.[0] || '';
}

// ---- Record linkage (src/linkage): names compared as a Vietnamese reader would ----
// A person's name reaches Lantern typed many ways: with or without diacritics, in
// capitals, with the tone mark on either vowel (old "Hoà" / new "Hòa", "Thuý" / "Thúy"),
// or with the keystrokes of a Telex or VNI keyboard left in when the input method was
// off ("Nguyeenx", "Nguye64n"). Two keys absorb all of that:
// - `vnCanonicalToken` keeps every mark but puts the tone after the word, so the tone's
//   position no longer matters ("hoa" + grave for both Hoà and Hòa);
// - `vnFoldToken` drops every mark and the typing artefacts ("nguyen").

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g; // grave, acute, tilde, hook above, dot below
const TONE_CODE: Record<string, string> = { '\u0300': 'f', '\u0301': 's', '\u0303': 'x', '\u0309': 'r', '\u0323': 'j' };

/** One word with its vowel marks (â ă ê ô ơ ư đ) kept and its tone moved to the end: "Hoà" and "Hòa" → "hòa"-equal key. */
export function vnCanonicalToken(word: string): string {
  const nfd = word.normalize('NFD').toLowerCase();
  let tone = '';
  const bare = nfd.replace(TONE_MARKS, (m) => {
    tone = TONE_CODE[m] ?? '';
    return '';
  });
  return bare.normalize('NFC').replace(/[^\p{L}\p{N}]+/gu, '') + (tone ? `_${tone}` : '');
}

/**
 * One word folded for comparison: no marks, lower case, đ → d, and Telex/VNI artefacts removed.
 * Vietnamese syllables never end in, nor contain after their first letter, f, j, s, x or z, nor r
 * except in "tr": such letters are Telex tone keys ("Nguyeenx", "Thij"). Doubled vowels (aa, ee, oo),
 * dd and w are Telex vowel keys; digits inside a word are VNI keys ("Nguye64n", "D9a8ng").
 * Meant for Vietnamese names only: "James" would lose its s.
 */
export function vnFoldToken(word: string): string {
  let w = word
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐðÐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
  if (/[a-z]/.test(w)) w = w.replace(/[0-9]+/g, ''); // VNI keys
  if (w.length <= 1) return w;
  // Telex tone keys: f j s x z anywhere after the first letter, r unless it makes "tr".
  const first = w[0]!;
  let rest = w.slice(1).replace(/[fjsxz]/g, '');
  rest = first === 't' ? rest.replace(/(?<!^)r/g, '') : rest.replace(/r/g, '');
  w = first + rest;
  // Telex vowel keys: aa → â, aw → ă, ee → ê, oo → ô, ow → ơ, uw → ư, dd → đ.
  return w
    .replace(/aa/g, 'a')
    .replace(/ee/g, 'e')
    .replace(/oo/g, 'o')
    .replace(/dd/g, 'd')
    .replace(/(?!^)w/g, '');
}

/** Every word of a name folded with `vnFoldToken` (empty words dropped). */
export function vnNameTokens(text: string | null | undefined): string[] {
  if (!text) return [];
  return text
    .split(/[\s,.;:/\\\-_()"']+/u)
    .map(vnFoldToken)
    .filter(Boolean);
}

/** Every word of a name as `vnCanonicalToken` (marks kept, tone position ignored). */
export function vnCanonicalTokens(text: string | null | undefined): string[] {
  if (!text) return [];
  return text
    .split(/[\s,.;:/\\\-_()"']+/u)
    .map(vnCanonicalToken)
    .filter(Boolean);
}

/** Middle names that say a person's sex and nothing of who they are: Thị (women), Văn (men). */
export function sexFromMiddleName(middle: string | null | undefined): 'female' | 'male' | null {
  const words = vnNameTokens(middle);
  if (words.includes('thi')) return 'female';
  if (words.includes('van')) return 'male';
  return null;
}
