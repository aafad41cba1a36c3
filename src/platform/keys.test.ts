import { describe, it, expect, afterEach, vi } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createKeys, keyFingerprint, loadMasterKey, MasterKeyError, parseMasterKey } from './keys.js';

const masterA = Buffer.alloc(32, 1);
const masterB = Buffer.alloc(32, 2);
const keys = createKeys(masterA);
const NARRATIVE = 'Nạn nhân bị đưa qua biên giới Lạng Sơn, ép làm việc tại xưởng may — số CCCD 001203004567.';

/** Re-encodes one base64 part of a sealed value after changing its bytes. */
function alterPart(sealed: string, index: 1 | 2 | 3, change: (bytes: Buffer) => Buffer): string {
  const parts = sealed.split(':');
  parts[index] = change(Buffer.from(parts[index]!, 'base64')).toString('base64');
  return parts.join(':');
}
const flipFirstByte = (b: Buffer) => {
  const c = Buffer.from(b);
  c[0] = c[0]! ^ 0x01;
  return c;
};

describe('encryptBytes / decryptBytes', () => {
  it('round-trips bytes (a stored file chunk) and refuses a changed one', () => {
    const plain = Buffer.from([0xef, 0xbb, 0xbf, 0x00, 0xff, ...Buffer.from(NARRATIVE)]);
    const sealed = keys.encryptBytes(plain);
    expect(sealed.includes(Buffer.from('CCCD'))).toBe(false);
    expect(keys.decryptBytes(new Uint8Array(sealed)).equals(plain)).toBe(true);
    const changed = Buffer.from(sealed);
    changed[40] = changed[40]! ^ 1;
    expect(() => keys.decryptBytes(changed)).toThrow();
    expect(() => createKeys(masterB).decryptBytes(sealed)).toThrow();
  });
});

describe('encrypt / decrypt', () => {
  it('round-trips Vietnamese text exactly', () => {
    expect(keys.decrypt(keys.encrypt(NARRATIVE))).toBe(NARRATIVE);
    expect(keys.decrypt(keys.encrypt('Đặng Văn Đức'))).toBe('Đặng Văn Đức');
    expect(keys.decrypt(keys.encrypt(''))).toBe('');
  });

  it('decrypts with another instance built from the same master key', () => {
    expect(createKeys(Buffer.from(masterA)).decrypt(keys.encrypt(NARRATIVE))).toBe(NARRATIVE);
  });

  it('produces a different ciphertext each time', () => {
    const a = keys.encrypt(NARRATIVE);
    const b = keys.encrypt(NARRATIVE);
    expect(a).not.toBe(b);
    expect(keys.decrypt(a)).toBe(keys.decrypt(b));
  });

  it('does not reveal the plaintext in the sealed value', () => {
    const sealed = keys.encrypt(NARRATIVE);
    expect(sealed.startsWith('v1:')).toBe(true);
    expect(sealed).not.toContain('001203004567');
    expect(sealed).not.toContain('Lạng Sơn');
    const raw = Buffer.concat(
      sealed
        .split(':')
        .slice(1)
        .map((p) => Buffer.from(p, 'base64')),
    );
    expect(raw.includes(Buffer.from('001203004567'))).toBe(false);
    expect(raw.includes(Buffer.from('Lạng Sơn', 'utf8'))).toBe(false);
  });

  it('refuses a tampered ciphertext', () => {
    const sealed = keys.encrypt(NARRATIVE);
    expect(() => keys.decrypt(alterPart(sealed, 3, flipFirstByte))).toThrow();
  });

  it('refuses a tampered authentication tag or IV', () => {
    const sealed = keys.encrypt(NARRATIVE);
    expect(() => keys.decrypt(alterPart(sealed, 2, flipFirstByte))).toThrow();
    expect(() => keys.decrypt(alterPart(sealed, 1, flipFirstByte))).toThrow();
  });

  it('refuses a truncated authentication tag', () => {
    const sealed = keys.encrypt(NARRATIVE);
    expect(() => keys.decrypt(alterPart(sealed, 2, (t) => t.subarray(0, 4)))).toThrow();
    expect(() => keys.decrypt(alterPart(sealed, 2, (t) => t.subarray(0, 12)))).toThrow();
  });

  it('refuses a value sealed under another master key', () => {
    expect(() => createKeys(masterB).decrypt(keys.encrypt(NARRATIVE))).toThrow();
  });

  it('refuses values that are not sealed by it', () => {
    expect(() => keys.decrypt(NARRATIVE)).toThrow(/Unrecognised/);
    expect(() => keys.decrypt('v2:a:b:c')).toThrow(/Unrecognised/);
    expect(() => keys.decrypt('v1::')).toThrow(/Unrecognised/);
  });
});

describe('blindIndex', () => {
  it('is deterministic for one key', () => {
    expect(keys.blindIndex('001203004567')).toBe(keys.blindIndex('001203004567'));
    expect(createKeys(Buffer.from(masterA)).blindIndex('001203004567')).toBe(keys.blindIndex('001203004567'));
  });

  it('differs across keys and across values', () => {
    expect(createKeys(masterB).blindIndex('001203004567')).not.toBe(keys.blindIndex('001203004567'));
    expect(keys.blindIndex('001203004568')).not.toBe(keys.blindIndex('001203004567'));
  });

  it('does not reveal the value and is not a plain hash of it', () => {
    const index = keys.blindIndex('001203004567');
    expect(index).toMatch(/^[0-9a-f]{64}$/);
    expect(index).not.toContain('001203004567');
    expect(index).not.toBe(crypto.createHash('sha256').update('001203004567').digest('hex'));
  });

  it('uses keys separate from each other and from the master key', () => {
    expect(keys.auditKey.equals(masterA)).toBe(false);
    expect(keys.auditKey).toHaveLength(32);
    expect(createKeys(masterB).auditKey.equals(keys.auditKey)).toBe(false);
  });
});

describe('parseMasterKey', () => {
  const key = crypto.randomBytes(32);

  it('accepts 64 hex characters, in either case and with surrounding whitespace', () => {
    expect(parseMasterKey(key.toString('hex')).equals(key)).toBe(true);
    expect(parseMasterKey(key.toString('hex').toUpperCase()).equals(key)).toBe(true);
    expect(parseMasterKey(`  ${key.toString('hex')}\n`).equals(key)).toBe(true);
  });

  it('accepts 32 bytes in base64', () => {
    expect(parseMasterKey(key.toString('base64')).equals(key)).toBe(true);
    expect(parseMasterKey(`${key.toString('base64')}\n`).equals(key)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['too short hex', 'ab'.repeat(31)],
    ['too long hex', 'ab'.repeat(33)],
    ['16 bytes base64', crypto.randomBytes(16).toString('base64')],
    ['48 bytes base64', crypto.randomBytes(48).toString('base64')],
    ['a passphrase', 'correct horse battery staple'],
  ])('rejects %s with advice to use openssl', (_what, text) => {
    expect(() => parseMasterKey(text)).toThrow(/openssl/);
  });
});

describe('loadMasterKey', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-keys-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('uses the configured key over any key file', () => {
    const key = crypto.randomBytes(32);
    const dir = tmp();
    const warn = vi.fn();
    expect(loadMasterKey(key.toString('base64'), dir, warn).equals(key)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'master.key'))).toBe(false);
    expect(warn).not.toHaveBeenCalled();
  });

  it('rejects a malformed configured key', () => {
    expect(() => loadMasterKey('not-a-key', tmp(), () => {})).toThrow(/openssl/);
  });

  it('generates a private key file once, warns once, then reads the same key back', () => {
    const dir = path.join(tmp(), 'data');
    const warn = vi.fn();
    const first = loadMasterKey(undefined, dir, warn);
    expect(first).toHaveLength(32);
    const file = path.join(dir, 'master.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain(file);

    const again = loadMasterKey(undefined, dir, warn);
    expect(again.equals(first)).toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);

    // Data sealed before a restart can be read after it.
    const sealed = createKeys(first).encrypt('Nguyễn Thị Lan');
    expect(createKeys(again).decrypt(sealed)).toBe('Nguyễn Thị Lan');
  });

  it('generates different keys for different data folders', () => {
    expect(loadMasterKey(undefined, tmp(), () => {}).equals(loadMasterKey(undefined, tmp(), () => {}))).toBe(false);
  });

  it('requires LANTERN_MASTER_KEY when there is no data folder', () => {
    expect(() => loadMasterKey(undefined, undefined, () => {})).toThrow(/LANTERN_MASTER_KEY/);
    expect(() => loadMasterKey('', undefined, () => {})).toThrow(/LANTERN_MASTER_KEY/);
  });

  it('never generates a key over existing data, and tightens a loose key file', () => {
    const dir = tmp();
    const warn = vi.fn();
    expect(() => loadMasterKey(undefined, dir, warn, true)).toThrow(MasterKeyError);
    expect(() => loadMasterKey(undefined, dir, warn, true)).toThrow(/will not generate a new key over existing data/);
    expect(fs.existsSync(path.join(dir, 'master.key'))).toBe(false);
    expect(warn).not.toHaveBeenCalled();
    const key = crypto.randomBytes(32);
    fs.writeFileSync(path.join(dir, 'master.key'), key.toString('base64'), { mode: 0o644 });
    fs.chmodSync(path.join(dir, 'master.key'), 0o644);
    expect(loadMasterKey(undefined, dir, warn, true).equals(key)).toBe(true);
    expect(fs.statSync(path.join(dir, 'master.key')).mode & 0o777).toBe(0o600);
  });
});

describe('keyFingerprint', () => {
  it('recognises a key without revealing it', () => {
    expect(keyFingerprint(masterA)).toBe(keyFingerprint(Buffer.from(masterA)));
    expect(keyFingerprint(masterA)).not.toBe(keyFingerprint(masterB));
    expect(keyFingerprint(masterA)).toMatch(/^[0-9a-f]{64}$/);
    expect(keyFingerprint(masterA)).not.toContain(masterA.toString('hex'));
    expect(createKeys(masterA).fingerprint).toBe(keyFingerprint(masterA));
    // Not the blind index or an audit hash of anything: a subkey of its own.
    expect(keyFingerprint(masterA)).not.toBe(keys.blindIndex('lantern master key check v1'));
  });
});
