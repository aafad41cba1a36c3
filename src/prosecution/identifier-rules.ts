// Normalisation of identifiers (issue 13 §1): two people typing the same phone, account or wallet in
// different shapes must meet on one form, so that a hit is found; the raw form is kept beside it.
// Pure (no I/O). Phones go through libphonenumber (awesome-phonenumber) and URLs through normalize-url;
// the per-platform handle rules, Vietnam's 2018 renumbering of 11-digit mobiles, bank and e-wallet names
// and crypto address families have no library and are written here by hand.
import { parsePhoneNumber } from 'awesome-phonenumber';
import normalizeUrl from 'normalize-url';
import type { IdentifierKind } from '../contract/prosecution.js';
import { foldText } from '../contract/names.js';
import { normaliseDocumentNumber } from '../contract/text.js';

export type Normalised = { ok: true; normalized: string } | { ok: false; code: string; message: string };

const ok = (normalized: string): Normalised => ({ ok: true, normalized });
const fail = (code: string, message: string): Normalised => ({ ok: false, code: `identifier-${code}`, message });

/** Vietnam moved 11-digit mobile numbers to 10 digits in 2018; victims and old records still use the old ones. */
const VN_MOBILE_RENUMBERING: Readonly<Record<string, string>> = {
  '120': '70', '121': '79', '122': '77', '126': '76', '128': '78', // MobiFone
  '123': '83', '124': '84', '125': '85', '127': '81', '129': '82', // VinaPhone
  '162': '32', '163': '33', '164': '34', '165': '35', '166': '36', '167': '37', '168': '38', '169': '39', // Viettel
  '186': '56', '188': '58', // Vietnamobile
  '199': '59', // Gmobile
}; // prettier-ignore

/** A phone number in E.164, Vietnamese by default: "0912 345 678", "+84 912345678", "0084912345678" meet. */
export function normalisePhone(raw: string): Normalised {
  let text = raw.trim().replace(/^00/, '+');
  const digits = text.replace(/[^\d+]/g, '');
  if (!/^\+?\d{6,16}$/.test(digits)) return fail('phone', 'A phone number has 6 to 15 digits, optionally after +.');
  text = digits;
  // Old 11-digit Vietnamese mobiles: 0168 xxx xxxx or +84 168 xxx xxxx.
  const old = /^(?:0|\+84)(1\d\d)(\d{7})$/.exec(text);
  if (old && VN_MOBILE_RENUMBERING[old[1]!]) text = `+84${VN_MOBILE_RENUMBERING[old[1]!]}${old[2]}`;
  const parsed = parsePhoneNumber(text, { regionCode: 'VN' });
  if (!parsed.possible || !parsed.number) return fail('phone', 'This is not a phone number that can exist.');
  return ok(parsed.number.e164);
}

/** A URL's path segments after the host, when the URL is on one of `hosts` (www./m. ignored). */
function pathOnHost(raw: string, hosts: readonly string[]): { segments: string[]; params: URLSearchParams } | null {
  const text = raw.trim();
  if (!/^(https?:\/\/)?([a-z0-9-]+\.)*[a-z0-9-]+\.[a-z]{2,}\//i.test(text) && !/^https?:\/\//i.test(text)) return null;
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase().replace(/^(www|m|mobile|web)\./, '');
  if (!hosts.includes(host)) return null;
  const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  return { segments, params: url.searchParams };
}

/** A handle as typed: "@name", "name", or a profile link on the platform's hosts. */
function handleFrom(raw: string, hosts: readonly string[]): string | null {
  const onHost = pathOnHost(raw, hosts);
  if (onHost) return onHost.segments[0]?.replace(/^@/, '') ?? null;
  if (/[/\s]/.test(raw.trim())) return null;
  return raw.trim().replace(/^@/, '');
}

function normaliseFacebook(raw: string): Normalised {
  const onHost = pathOnHost(raw, ['facebook.com', 'fb.com', 'fb.me']);
  if (onHost) {
    const [first, second, third] = onHost.segments;
    const id = onHost.params.get('id');
    if (first === 'profile.php' && id && /^\d+$/.test(id)) return ok(`id:${id}`);
    if (first === 'people' && third && /^\d+$/.test(third)) return ok(`id:${third}`);
    if ((first === 'groups' || first === 'pages') && second) {
      const key = /^\d+$/.test(second) ? `id:${second}` : second.toLowerCase().replace(/\./g, '');
      return ok(`${first}/${key}`);
    }
    if (!first) return fail('facebook', 'This link does not name a Facebook profile, page or group.');
    return facebookUsername(first);
  }
  const text = raw.trim().replace(/^@/, '');
  if (/^\d{5,20}$/.test(text)) return ok(`id:${text}`);
  return facebookUsername(text);
}

/** Facebook usernames ignore case and dots ("Nguyen.Van.A" is "nguyenvana"). */
function facebookUsername(name: string): Normalised {
  if (!/^[A-Za-z0-9.]{5,50}$/.test(name))
    return fail('facebook', 'A Facebook username has 5 or more letters, digits or dots; or paste the profile link.');
  return ok(name.toLowerCase().replace(/\./g, ''));
}

/** Zalo accounts are found by phone number, or by a zalo.me link (a phone or an official account id). */
function normaliseZalo(raw: string): Normalised {
  const onHost = pathOnHost(raw, ['zalo.me', 'chat.zalo.me', 'zaloapp.com']);
  const text = onHost ? (onHost.segments[onHost.segments.length - 1] ?? '') : raw.trim();
  if (/^[+\d][\d\s.\-()]{5,}$/.test(text)) return normalisePhone(text);
  if (/^[A-Za-z0-9._-]{3,64}$/.test(text)) return ok(`id:${text.toLowerCase()}`);
  return fail('zalo', 'A Zalo account is a phone number or a zalo.me link.');
}

/** Telegram usernames: 5–32 letters, digits or underscores, case-insensitive; or the account's phone. */
function normaliseTelegram(raw: string): Normalised {
  const text = raw.trim();
  if (/^\+?[\d\s.\-()]{8,}$/.test(text)) return normalisePhone(text);
  const handle = handleFrom(text, ['t.me', 'telegram.me', 'telegram.dog']);
  if (!handle || !/^[A-Za-z][A-Za-z0-9_]{3,31}$/.test(handle))
    return fail('telegram', 'A Telegram username has 5 to 32 letters, digits or underscores, like @name or t.me/name.');
  return ok(`@${handle.toLowerCase()}`);
}

/** WhatsApp accounts are phone numbers, typed or as a wa.me link. */
function normaliseWhatsapp(raw: string): Normalised {
  const onHost = pathOnHost(raw, ['wa.me', 'api.whatsapp.com', 'whatsapp.com']);
  const text = onHost ? (onHost.params.get('phone') ?? onHost.segments[0] ?? '') : raw.trim();
  const withPlus = onHost && /^\d+$/.test(text) ? `+${text}` : text;
  const result = normalisePhone(withPlus);
  return result.ok ? result : fail('whatsapp', 'A WhatsApp account is a phone number, or a wa.me link.');
}

/** TikTok usernames: 2–24 letters, digits, dots or underscores, case-insensitive. */
function normaliseTiktok(raw: string): Normalised {
  const handle = handleFrom(raw, ['tiktok.com', 'vm.tiktok.com']);
  if (!handle || !/^[A-Za-z0-9._]{2,24}$/.test(handle))
    return fail('tiktok', 'A TikTok username has 2 to 24 letters, digits, dots or underscores, like @name.');
  return ok(`@${handle.toLowerCase()}`);
}

/** WeChat IDs: 6–20 characters starting with a letter; letters, digits, _ and -; case-insensitive. */
function normaliseWechat(raw: string): Normalised {
  const text = raw.trim();
  if (/^\+?[\d\s.\-()]{8,}$/.test(text)) return normalisePhone(text);
  if (!/^[A-Za-z][A-Za-z0-9_-]{5,19}$/.test(text))
    return fail('wechat', 'A WeChat ID has 6 to 20 letters, digits, _ or -, and starts with a letter.');
  return ok(text.toLowerCase());
}

/** Banks by the names people write, to the short code the banks use on transfers. */
const BANKS: ReadonlyArray<readonly [code: string, names: readonly string[]]> = [
  ['VCB', ['vcb', 'vietcombank', 'ngoai thuong']],
  ['BIDV', ['bidv', 'dau tu va phat trien']],
  ['CTG', ['ctg', 'vietinbank', 'viettinbank', 'cong thuong']],
  ['AGRIBANK', ['agribank', 'agr', 'nong nghiep']],
  ['TCB', ['tcb', 'techcombank', 'ky thuong']],
  ['MB', ['mb', 'mbbank', 'mb bank', 'quan doi']],
  ['ACB', ['acb', 'a chau']],
  ['VPB', ['vpb', 'vpbank', 'vp bank']],
  ['TPB', ['tpb', 'tpbank', 'tp bank', 'tien phong']],
  ['STB', ['stb', 'sacombank']],
  ['VIB', ['vib']],
  ['SHB', ['shb']],
  ['HDB', ['hdb', 'hdbank', 'hd bank']],
  ['OCB', ['ocb']],
  ['MSB', ['msb', 'maritime bank']],
  ['EIB', ['eib', 'eximbank']],
  ['SCB', ['scb']],
  ['SEAB', ['seab', 'seabank']],
  ['LPB', ['lpb', 'lpbank', 'lienvietpostbank']],
  ['CAKE', ['cake']],
  ['TIMO', ['timo']],
];
const EWALLETS: ReadonlyArray<readonly [code: string, names: readonly string[]]> = [
  ['MOMO', ['momo']],
  ['ZALOPAY', ['zalopay', 'zalo pay']],
  ['VIETTELMONEY', ['viettel money', 'viettelpay', 'viettel pay']],
  ['SHOPEEPAY', ['shopeepay', 'shopee pay', 'airpay']],
  ['VNPAY', ['vnpay', 'vn pay']],
  ['MOCA', ['moca', 'grabpay', 'grab pay']],
  ['ALIPAY', ['alipay']],
  ['WECHATPAY', ['wechat pay', 'wechatpay']],
  ['PAYPAL', ['paypal']],
];

/** Splits "Vietcombank - 0071 0012 34567" into a known provider code (or the words as written) and the rest. */
function providerAndRest(
  raw: string,
  providers: ReadonlyArray<readonly [string, readonly string[]]>,
): { provider: string | null; rest: string } {
  const match = /^\s*([^\d+]*?)[\s:;,\-–/]*([+\d][\s\S]*)$/.exec(raw);
  const words = foldText(match ? match[1]! : raw);
  const rest = match ? match[2]!.trim() : '';
  if (!words) return { provider: null, rest };
  const known = providers.find(([, names]) => names.some((n) => words === n || words.replace(/ /g, '') === n));
  return { provider: known ? known[0] : words.toUpperCase().replace(/ /g, ''), rest };
}

/** Bank accounts: the bank (when named) and the account number without separators: "VCB:0071001234567". */
function normaliseBankAccount(raw: string): Normalised {
  const { provider, rest } = providerAndRest(raw, BANKS);
  const number = rest.replace(/[\s.\-]/g, '');
  if (!/^\d{6,20}$/.test(number))
    return fail('bank-account', 'A bank account is the bank and 6 to 20 digits, like "Vietcombank 0071001234567".');
  return ok(provider ? `${provider}:${number}` : number);
}

/** E-wallets: the provider and the wallet's phone number (E.164) or account id. */
function normaliseEwallet(raw: string): Normalised {
  const { provider, rest } = providerAndRest(raw, EWALLETS);
  if (!provider || !rest)
    return fail('ewallet', 'An e-wallet is the provider and the account, like "MoMo 0912345678".');
  const phone = normalisePhone(rest);
  if (phone.ok) return ok(`${provider}:${phone.normalized}`);
  const id = rest.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9._@-]{4,64}$/.test(id))
    return fail('ewallet', 'The e-wallet account is not a phone number or an id.');
  return ok(`${provider}:${id.toLowerCase()}`);
}

/**
 * Crypto addresses by family: EVM (0x…, case-insensitive), Bitcoin bech32 (bc1…, case-insensitive), and
 * base58 addresses (Bitcoin legacy, TRON's T… that scam compounds use for USDT), whose case matters.
 */
function normaliseCrypto(raw: string): Normalised {
  const text = raw.trim().replace(/^(ethereum|bitcoin|tron):/i, '');
  if (/^0x[0-9a-fA-F]{40}$/.test(text)) return ok(text.toLowerCase());
  if (/^(bc1|tb1)[02-9ac-hj-np-z]{11,71}$/i.test(text)) return ok(text.toLowerCase());
  if (/^T[1-9A-HJ-NP-Za-km-z]{33}$/.test(text)) return ok(text);
  if (/^[13][1-9A-HJ-NP-Za-km-z]{25,34}$/.test(text)) return ok(text);
  return fail('crypto', 'This is not a wallet address we recognise (0x…, bc1…, 1…/3…, or TRON T…).');
}

/** Tracking parameters that differ between two shares of one page. */
const TRACKING_PARAMETERS = [
  /^utm_\w+/i,
  'fbclid',
  'gclid',
  'igshid',
  'mibextid',
  'si',
  'ref',
  'ref_src',
  /^__cft__/,
  /^__tn__/,
];

/** URLs canonical: https, host in lower case without www, no tracking parameters or fragment, sorted query. */
function normaliseUrl(raw: string): Normalised {
  const text = raw.trim();
  if (/\s/.test(text) || !/^(https?:\/\/)?[^/]*\.[a-z]{2,}/i.test(text))
    return fail('url', 'A web address looks like example.com/page or https://example.com/page.');
  try {
    return ok(
      normalizeUrl(text, {
        forceHttps: true,
        stripHash: true,
        stripWWW: true,
        removeQueryParameters: TRACKING_PARAMETERS,
        sortQueryParameters: true,
        removeTrailingSlash: true,
        defaultProtocol: 'https',
      }),
    );
  } catch {
    return fail('url', 'A web address looks like example.com/page or https://example.com/page.');
  }
}

/** E-mail: lower case; for Gmail, dots and "+tag" in the name do not matter, so they are dropped. */
function normaliseEmail(raw: string): Normalised {
  const text = raw.trim().toLowerCase();
  const match = /^([^\s@]+)@([a-z0-9-]+(?:\.[a-z0-9-]+)+)$/.exec(text);
  if (!match) return fail('email', 'An e-mail address looks like name@example.com.');
  let [, local, domain] = match as unknown as [string, string, string];
  if (domain === 'googlemail.com') domain = 'gmail.com';
  if (domain === 'gmail.com') local = local.replace(/\+.*$/, '').replace(/\./g, '');
  return ok(`${local}@${domain}`);
}

/** Common abbreviations in Vietnamese addresses, folded (no accents). */
const ADDRESS_WORDS: Readonly<Record<string, string>> = {
  p: 'phuong', q: 'quan', tp: 'thanh pho', tx: 'thi xa', tt: 'thi tran', h: 'huyen', x: 'xa', kp: 'khu pho',
  ng: 'ngo', dc: 'dia chi', sn: 'so nha', 'so': 'so',
}; // prettier-ignore

/** Addresses: folded (no accents, lower case, no punctuation), abbreviations spelt out. */
function normaliseAddress(raw: string): Normalised {
  const words = foldText(raw.replace(/([a-zA-Z])\.(?=\S)/g, '$1 '))
    .split(' ')
    .filter(Boolean);
  if (words.length === 0) return fail('address', 'Write the address.');
  return ok(words.map((w) => ADDRESS_WORDS[w] ?? w).join(' '));
}

/** Vehicle plates: upper case, letters and digits only ("51F-123.45" is "51F12345"). */
function normaliseVehicle(raw: string): Normalised {
  const plate = foldText(raw).replace(/ /g, '').toUpperCase();
  if (!/^[A-Z0-9]{4,12}$/.test(plate)) return fail('vehicle', 'A number plate has 4 to 12 letters and digits.');
  return ok(plate);
}

/** Passport and ID numbers: upper case without separators, as the registry compares them. */
function normaliseDocument(raw: string): Normalised {
  const number = normaliseDocumentNumber(raw);
  if (!/^[A-Z0-9]{5,20}$/.test(number)) return fail('document', 'A document number has 5 to 20 letters and digits.');
  return ok(number);
}

const RULES: Record<IdentifierKind, (raw: string) => Normalised> = {
  phone: normalisePhone,
  facebook: normaliseFacebook,
  zalo: normaliseZalo,
  telegram: normaliseTelegram,
  whatsapp: normaliseWhatsapp,
  tiktok: normaliseTiktok,
  wechat: normaliseWechat,
  bank_account: normaliseBankAccount,
  ewallet: normaliseEwallet,
  crypto: normaliseCrypto,
  url: normaliseUrl,
  email: normaliseEmail,
  address: normaliseAddress,
  vehicle: normaliseVehicle,
  document: normaliseDocument,
};

/** The normalised form of an identifier as entered, or why it cannot be one. */
export function normaliseIdentifier(kind: IdentifierKind, value: string): Normalised {
  if (value.trim().length === 0) return fail('empty', 'Write the identifier.');
  return RULES[kind](value);
}

/** Kinds whose accounts may be given by their phone number: such an account is that phone. */
const PHONE_ACCOUNTS: readonly IdentifierKind[] = ['phone', 'zalo', 'telegram', 'whatsapp', 'wechat'];

/**
 * What two equal identifiers share, for the keyed hash: the kind and the normalised form. A Zalo,
 * WhatsApp, Telegram or WeChat account given by its phone is that phone, so phones meet across those kinds.
 */
export function matchForm(kind: IdentifierKind, normalized: string): string {
  if (PHONE_ACCOUNTS.includes(kind) && normalized.startsWith('+')) return `phone:${normalized}`;
  return `${kind}:${normalized}`;
}
