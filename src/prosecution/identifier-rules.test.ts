import { describe, expect, it } from 'vitest';
import { IDENTIFIER_KINDS, type IdentifierKind } from '../contract/prosecution.js';
import { matchForm, normaliseIdentifier } from './identifier-rules.js';

/** For each kind: forms a person might type that must meet on one normalised form, and forms refused. */
const CASES: Record<IdentifierKind, { same: string[]; normalized: string; refused: string[] }> = {
  phone: {
    same: ['0912 345 678', '+84 912-345-678', '0084912345678', '(+84) 912.345.678', '84912345678'],
    normalized: '+84912345678',
    refused: ['12', 'call me', '+84 12'],
  },
  facebook: {
    same: [
      'https://www.facebook.com/Nguyen.Van.A?ref=bookmarks',
      'facebook.com/nguyenvana',
      'm.facebook.com/NguyenVanA/',
      '@nguyen.van.a',
    ],
    normalized: 'nguyenvana',
    refused: ['ab', 'https://www.facebook.com/', 'name with spaces'],
  },
  zalo: {
    same: ['0912345678', 'https://zalo.me/0912345678', 'zalo.me/84912345678'],
    normalized: '+84912345678',
    refused: ['!!', 'zalo me please'],
  },
  telegram: {
    same: [
      '@Viec_Lam_Cam',
      'viec_lam_cam',
      'https://t.me/viec_lam_cam',
      't.me/VIEC_LAM_CAM',
      'telegram.me/viec_lam_cam',
    ],
    normalized: '@viec_lam_cam',
    refused: ['@ab', 'has space', '@_starts_with_underscore'],
  },
  whatsapp: {
    same: ['+84 912 345 678', 'wa.me/84912345678', 'https://api.whatsapp.com/send?phone=84912345678', '0912345678'],
    normalized: '+84912345678',
    refused: ['whatsapp', 'wa.me/'],
  },
  tiktok: {
    same: ['@Job.Thai', 'job.thai', 'https://www.tiktok.com/@job.thai?lang=vi'],
    normalized: '@job.thai',
    refused: ['@a', 'has space', '@way_too_long_for_a_tiktok_name'],
  },
  wechat: {
    same: ['WXID_abc123', 'wxid_abc123 '],
    normalized: 'wxid_abc123',
    refused: ['1abcdef', 'abc', 'has space x'],
  },
  bank_account: {
    same: [
      'Vietcombank 0071001234567',
      'VCB - 0071 0012 34567',
      'vietcombank: 0071.001.234567',
      'Ngoại thương 0071001234567',
    ],
    normalized: 'VCB:0071001234567',
    refused: ['Vietcombank', 'VCB 12', 'VCB 0071-ABC'],
  },
  ewallet: {
    same: ['MoMo 0912 345 678', 'momo: +84912345678', 'MOMO - 0912345678'],
    normalized: 'MOMO:+84912345678',
    refused: ['0912345678', 'MoMo'],
  },
  crypto: {
    same: ['0xAbC0000000000000000000000000000000000001', 'ethereum:0xabc0000000000000000000000000000000000001'],
    normalized: '0xabc0000000000000000000000000000000000001',
    refused: ['0x123', 'hello', 'TXYZ'],
  },
  url: {
    same: [
      'HTTP://www.ViecLam-ThaiLan.com/tuyen-dung/?utm_source=fb&fbclid=abc&b=2&a=1#top',
      'https://vieclam-thailan.com/tuyen-dung?a=1&b=2',
      'vieclam-thailan.com/tuyen-dung/?b=2&a=1&utm_campaign=x',
    ],
    normalized: 'https://vieclam-thailan.com/tuyen-dung?a=1&b=2',
    refused: ['not a url', 'localhost'],
  },
  email: {
    same: ['Nguyen.Van.A+job@GMail.com', 'nguyenvana@gmail.com', 'nguyen.vana@googlemail.com'],
    normalized: 'nguyenvana@gmail.com',
    refused: ['nguyen', 'a@b', 'a b@c.com'],
  },
  address: {
    same: ['Số 12, P. Bến Nghé, Q.1, TP. Hồ Chí Minh', 'so 12 phuong Ben Nghe quan 1 thanh pho Ho Chi Minh'],
    normalized: 'so 12 phuong ben nghe quan 1 thanh pho ho chi minh',
    refused: ['  ', '—'],
  },
  vehicle: {
    same: ['51F-123.45', '51f 12345', '51F12345'],
    normalized: '51F12345',
    refused: ['AB', '51F-123.45-678-999'],
  },
  document: { same: ['C 1234-567', 'c1234567', 'C1234.567'], normalized: 'C1234567', refused: ['C1', '#######'] },
};

describe('identifier normalisation', () => {
  it('has rules and cases for every kind', () => {
    expect(Object.keys(CASES).sort()).toEqual([...IDENTIFIER_KINDS].sort());
  });

  for (const kind of IDENTIFIER_KINDS) {
    const { same, normalized, refused } = CASES[kind];
    it(`${kind}: every way of writing one ${kind} meets on one form`, () => {
      for (const raw of same) expect(normaliseIdentifier(kind, raw), raw).toEqual({ ok: true, normalized });
    });
    it(`${kind}: refuses what cannot be one, saying why`, () => {
      for (const raw of refused) {
        const result = normaliseIdentifier(kind, raw);
        expect(result.ok, raw).toBe(false);
        if (!result.ok) expect(result.message.length).toBeGreaterThan(10);
      }
    });
  }

  it('moves the old 11-digit Vietnamese mobiles to their 2018 numbers', () => {
    expect(normaliseIdentifier('phone', '0168 123 4567')).toEqual({ ok: true, normalized: '+84381234567' });
    expect(normaliseIdentifier('phone', '+84 123 456 7890')).toEqual({ ok: true, normalized: '+84834567890' });
    expect(normaliseIdentifier('phone', '0199 123 4567')).toEqual({ ok: true, normalized: '+84591234567' });
  });

  it('keeps foreign phones in their own country code', () => {
    expect(normaliseIdentifier('phone', '+855 12 345 678')).toEqual({ ok: true, normalized: '+85512345678' });
    expect(normaliseIdentifier('phone', '+66 81 234 5678')).toEqual({ ok: true, normalized: '+66812345678' });
  });

  it('tells Facebook profiles by number, pages and groups apart from usernames', () => {
    expect(normaliseIdentifier('facebook', 'https://m.facebook.com/profile.php?id=100012345678')).toEqual({
      ok: true,
      normalized: 'id:100012345678',
    });
    expect(normaliseIdentifier('facebook', 'https://www.facebook.com/groups/ViecLamNhatBan/')).toEqual({
      ok: true,
      normalized: 'groups/vieclamnhatban',
    });
  });

  it('keeps the case of base58 crypto addresses, where it matters', () => {
    const tron = 'TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf';
    expect(normaliseIdentifier('crypto', tron)).toEqual({ ok: true, normalized: tron });
    expect(normaliseIdentifier('crypto', 'BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ')).toEqual({
      ok: true,
      normalized: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
    });
  });

  it('keeps a bank account without a named bank apart from one with it', () => {
    expect(normaliseIdentifier('bank_account', '0071 0012 34567')).toEqual({ ok: true, normalized: '0071001234567' });
  });

  it('makes a messaging account given by its phone meet the phone itself', () => {
    const phone = matchForm('phone', '+84912345678');
    expect(matchForm('zalo', '+84912345678')).toBe(phone);
    expect(matchForm('whatsapp', '+84912345678')).toBe(phone);
    expect(matchForm('telegram', '+84912345678')).toBe(phone);
    expect(matchForm('telegram', '@viec_lam_cam')).not.toBe(matchForm('tiktok', '@viec_lam_cam'));
  });
});
