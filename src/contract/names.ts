// Name normalisation for search (pure, shared with the web app). Vietnamese names
// are stored exactly as entered; only the search key drops accents and case and
// sorts the words, so "nguyen thi lan", "Lan Nguyễn Thị" and "NGUYỄN THỊ LAN"
// all meet the same key. Small spelling differences are handled by trigram
// similarity on that key in the database.

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
