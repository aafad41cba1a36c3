import { describe, expect, it } from 'vitest';
import { makeName, weighted, type Origin } from '../cli/demo-names.js';
import { mulberry32 } from '../platform/seeded-random.js';
import {
  convertLegacy,
  decodeText,
  detectLegacyEncoding,
  encodeLegacy,
  isVietnameseSyllable,
  sniffCharset,
} from './legacy-encoding.js';

// Known words as the ABC (.VnTime) and VNI-Times fonts stored them, read as windows-1252.
const TCVN3_WORDS: [string, string][] = [
  ['NguyÔn ThÞ Lan', 'Nguyễn Thị Lan'],
  ['Hµ Néi', 'Hà Nội'],
  ['Thõa Thiªn HuÕ', 'Thừa Thiên Huế'],
  ['§Æng', 'Đặng'],
  ['NguyÔn ThÞ Hång Nhung', 'Nguyễn Thị Hồng Nhung'],
  ['TrÇn V¨n H¶i', 'Trần Văn Hải'],
  ['Lª Minh TuÊn', 'Lê Minh Tuấn'],
  ['Ph¹m Quúnh Anh', 'Phạm Quỳnh Anh'],
  ['Hå ChÝ Minh', 'Hồ Chí Minh'],
  ['Qu¶ng Ninh', 'Quảng Ninh'],
  ['§¾k L¾k', 'Đắk Lắk'],
  ['Hoµng Thu Trang', 'Hoàng Thu Trang'],
  ['M\u00adêng Kh\u00ad\u00acng', 'Mường Khương'], // ư is the soft hyphen, invisible in a spreadsheet
  ['B×nh D\u00ad\u00acng', 'Bình Dương'],
  ['Vò ThÞ Ngäc ¸nh', 'Vũ Thị Ngọc Ánh'], // the capital Á was drawn with .VnTimeH
  ['NGUYÔN THÞ LAN', 'NGUYỄN THỊ LAN'], // a .VnTimeH heading or a capitals column
  ['§ÆNG V¡N B×NH', 'ĐẶNG VĂN BÌNH'],
  ['Lª Vò', 'Lê Vũ'],
  ['L£ Vò', 'LÊ VŨ'],
];

const VNI_WORDS: [string, string][] = [
  ['Nguyeãn Thò Lan', 'Nguyễn Thị Lan'],
  ['Haø Noäi', 'Hà Nội'],
  ['Thöøa Thieân Hueá', 'Thừa Thiên Huế'],
  ['Ñaëng', 'Đặng'],
  ['Nguyeãn Thò Hoàng Nhung', 'Nguyễn Thị Hồng Nhung'],
  ['Traàn Vaên Haûi', 'Trần Văn Hải'],
  ['Phaïm Quyønh Anh', 'Phạm Quỳnh Anh'],
  ['Hoà Chí Minh', 'Hồ Chí Minh'],
  ['Bình Döông', 'Bình Dương'],
  ['Vuõ Thò Ngoïc AÙnh', 'Vũ Thị Ngọc Ánh'],
  ['NGUYEÃN THÒ LAN', 'NGUYỄN THỊ LAN'],
  ['ÑAËNG VAÊN BÌNH', 'ĐẶNG VĂN BÌNH'],
  ['Lyù Thò Hueä', 'Lý Thị Huệ'],
  ['Ñaøo Thò Myõ', 'Đào Thị Mỹ'],
  ['Nguyeãn Höõu Phöôùc', 'Nguyễn Hữu Phước'],
];

describe('convertLegacy', () => {
  it.each(TCVN3_WORDS)('TCVN3 %s -> %s', (legacy, unicode) => {
    expect(convertLegacy(legacy, 'tcvn3')).toBe(unicode);
  });
  it.each(VNI_WORDS)('VNI %s -> %s', (legacy, unicode) => {
    expect(convertLegacy(legacy, 'vni')).toBe(unicode);
  });

  it('returns NFC', () => {
    const out = convertLegacy('Nguyeãn', 'vni');
    expect(out).toBe(out.normalize('NFC'));
    expect(out.length).toBe(6);
  });

  it('leaves digits, punctuation and plain ASCII alone', () => {
    expect(convertLegacy('12/03/1990, Lan (HN)', 'tcvn3')).toBe('12/03/1990, Lan (HN)');
    expect(convertLegacy('12/03/1990, Lan (HN)', 'vni')).toBe('12/03/1990, Lan (HN)');
  });

  it('cannot tell capitals in a text typed wholly in lower case with .VnTimeH (documented)', () => {
    expect(convertLegacy('nguyÔn thÞ lan', 'tcvn3')).toBe('nguyễn thị lan');
  });
});

describe('encodeLegacy (the way back, used to write the demo files)', () => {
  it.each(TCVN3_WORDS)('TCVN3 %s <- %s', (legacy, unicode) => {
    expect(encodeLegacy(unicode, 'tcvn3')).toBe(legacy);
  });
  it.each(VNI_WORDS)('VNI %s <- %s', (legacy, unicode) => {
    expect(encodeLegacy(unicode, 'vni')).toBe(legacy);
  });

  it('every Vietnamese letter survives a round trip', () => {
    const letters = 'aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ'.normalize('NFC');
    for (const enc of ['tcvn3', 'vni'] as const) {
      expect(convertLegacy(encodeLegacy(letters, enc), enc)).toBe(letters);
      // Every legacy code point fits in one windows-1252 byte.
      expect([...encodeLegacy(letters, enc)].every((c) => c.charCodeAt(0) <= 0xff)).toBe(true);
    }
    const capitals = letters.toUpperCase();
    expect(convertLegacy(encodeLegacy(capitals, 'vni'), 'vni')).toBe(capitals);
    expect(convertLegacy(encodeLegacy(capitals, 'tcvn3'), 'tcvn3')).toBe(capitals);
  });
});

describe('detectLegacyEncoding', () => {
  it('finds TCVN3 in a names column and a provinces column', () => {
    expect(detectLegacyEncoding(['NguyÔn ThÞ Lan', 'TrÇn V¨n H¶i', 'Lª Minh TuÊn'])).toBe('tcvn3');
    expect(detectLegacyEncoding(['Hµ Néi', 'Thõa Thiªn HuÕ', 'Qu¶ng Ninh', 'Hµ Giang'])).toBe('tcvn3');
    expect(detectLegacyEncoding(['NguyÔn ThÞ Lan'])).toBe('tcvn3');
    expect(detectLegacyEncoding(['NGUYÔN THÞ LAN', '§ÆNG V¡N B×NH'])).toBe('tcvn3');
  });

  it('finds VNI, and tells it from TCVN3', () => {
    expect(detectLegacyEncoding(['Nguyeãn Thò Lan', 'Traàn Vaên Haûi', 'Leâ Minh Tuaán'])).toBe('vni');
    expect(detectLegacyEncoding(['Haø Noäi', 'Thöøa Thieân Hueá'])).toBe('vni');
    expect(detectLegacyEncoding(VNI_WORDS.map(([legacy]) => legacy))).toBe('vni');
    expect(detectLegacyEncoding(TCVN3_WORDS.map(([legacy]) => legacy))).toBe('tcvn3');
  });

  it('tolerates blanks, ASCII-only values and a few Unicode values among legacy ones', () => {
    expect(detectLegacyEncoding(['', 'Lan', 'NguyÔn ThÞ Lan', 'TrÇn V¨n H¶i', 'Lª Minh TuÊn', 'Lê Hoa'])).toBe('tcvn3');
  });

  it('does not fire on genuine Unicode Vietnamese', () => {
    expect(detectLegacyEncoding(TCVN3_WORDS.map(([, unicode]) => unicode))).toBeNull();
    expect(detectLegacyEncoding(['Hà Nội', 'Thừa Thiên Huế', 'Hòa Bình', 'Cà Mau', 'Bà Rịa'])).toBeNull();
    // Latin-1-only Vietnamese words, the hardest case: nothing above U+00FF.
    expect(detectLegacyEncoding(['Hà', 'Mã', 'Tú', 'Lê Thu Hà', 'Võ Thị Mơ'])).toBeNull();
    expect(detectLegacyEncoding(['Hà Mã', 'Tú Anh', 'Ánh', 'Hòa', 'Ý', 'Lý Hà'])).toBeNull();
  });

  it('does not fire on French, German, Spanish or English names', () => {
    expect(
      detectLegacyEncoding(['François Dupont', 'Hélène Lefèvre', 'Zoë Noël', 'José García', 'Chloé Renée']),
    ).toBeNull();
    expect(detectLegacyEncoding(['Jürgen Müller', 'Søren Ørsted', 'Ángel Núñez', 'Léa Théo', 'André Mé'])).toBeNull();
    expect(detectLegacyEncoding(['John Smith', 'Mary Brown', ''])).toBeNull();
    expect(detectLegacyEncoding([])).toBeNull();
  });
});

describe('isVietnameseSyllable', () => {
  it('accepts syllables and refuses non-syllables', () => {
    for (const w of ['Nguyễn', 'thị', 'Đặng', 'Huế', 'khuya', 'nghiêng', 'gì', 'quốc', 'Phước']) {
      expect(isVietnameseSyllable(w), w).toBe(true);
    }
    for (const w of ['Nguyeãn', 'Hélène', 'thàt', 'bàc', 'Hµ', 'ThÞ', 'José', 'Müller']) {
      expect(isVietnameseSyllable(w), w).toBe(false);
    }
  });
});

describe('decodeText and sniffCharset', () => {
  it('reads UTF-8 with and without BOM', () => {
    const utf8 = new TextEncoder().encode('Họ và tên\nNguyễn Thị Lan');
    expect(decodeText(utf8)).toEqual({ text: 'Họ và tên\nNguyễn Thị Lan', charset: 'utf-8' });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
    expect(decodeText(bom)).toEqual({ text: 'Họ và tên\nNguyễn Thị Lan', charset: 'utf-8' });
  });

  it('reads other bytes as windows-1252, where TCVN3 text then converts', () => {
    const bytes = Uint8Array.from([...'NguyÔn ThÞ Lan,Hµ Néi'].map((c) => c.charCodeAt(0)));
    const { text, charset } = decodeText(bytes);
    expect(charset).toBe('windows-1252');
    expect(text).toBe('NguyÔn ThÞ Lan,Hµ Néi');
    expect(convertLegacy(text, 'tcvn3')).toBe('Nguyễn Thị Lan,Hà Nội');
  });

  it('sniffs the first bytes, allowing a character cut at the end of the chunk', () => {
    const utf8 = new TextEncoder().encode('Nguyễn');
    expect(sniffCharset(utf8.slice(0, utf8.length - 1))).toBe('utf-8');
    expect(sniffCharset(Uint8Array.from([0x4e, 0xd4, 0x6e]))).toBe('windows-1252');
    expect(sniffCharset(new Uint8Array())).toBe('utf-8');
  });
});

const ORIGINS: [Origin, number][] = [
  ['kinh', 80],
  ['minority', 12],
  ['KH', 3],
  ['LA', 3],
  ['CN', 2],
];

describe('detectLegacyEncoding on columns of demo names', () => {
  // Columns of 1, 3 and 20 names drawn from the demo's lists (Kinh, minorities, foreign nationals).
  const rng = mulberry32(7);
  const names = Array.from({ length: 600 }, () => {
    const n = makeName(rng, weighted(rng, ORIGINS), rng() < 0.7 ? 'female' : 'male');
    return [n.familyName, n.middleName, n.givenName].filter(Boolean).join(' ');
  });
  const columns = (size: number) => Array.from({ length: 30 }, (_, i) => names.slice(i * size, i * size + size));

  it.each([1, 3, 20])('finds the encoding of every column of %i names, and none in Unicode', (size) => {
    for (const column of columns(size)) {
      const legacyWords = column.some((n) => encodeLegacy(n, 'tcvn3') !== n);
      expect(detectLegacyEncoding(column), column.join(', ')).toBeNull();
      expect(detectLegacyEncoding(column.map((n) => n.normalize('NFD'))), column.join(', ')).toBeNull();
      if (!legacyWords) continue; // all ASCII ("Sok Dara"): nothing to detect
      expect(detectLegacyEncoding(column.map((n) => encodeLegacy(n, 'tcvn3'))), column.join(', ')).toBe('tcvn3');
      expect(detectLegacyEncoding(column.map((n) => encodeLegacy(n, 'vni'))), column.join(', ')).toBe('vni');
      for (const n of column) {
        expect(convertLegacy(encodeLegacy(n, 'tcvn3'), 'tcvn3')).toBe(n);
        expect(convertLegacy(encodeLegacy(n, 'vni'), 'vni')).toBe(n);
      }
    }
  });
});
