// Application-level protection of the most sensitive fields. One master key
// (LANTERN_MASTER_KEY, 32 bytes in base64 or hex), never stored in the database;
// separate subkeys are derived from it with HKDF for each use.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface Keys {
  /** AES-256-GCM encryption of a text field; output is self-describing `v1:<iv>:<tag>:<ciphertext>`. */
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** AES-256-GCM encryption of bytes (a stored file's chunk): version byte, iv, tag, ciphertext. */
  encryptBytes(plain: Uint8Array): Buffer;
  decryptBytes(sealed: Uint8Array): Buffer;
  /** Keyed hash for exact-match search on an encrypted value (blind index). */
  blindIndex(value: string): string;
  /** Key of the audit trail's HMAC chain. */
  auditKey: Buffer;
  /** Keyed fingerprint of the master key, stored in the database to recognise the key it was written with. */
  fingerprint: string;
}

/**
 * The master key is missing or is not the one the data was written with. Lantern
 * refuses to start (exit code 3) rather than fail on every encrypted read, and
 * never generates a key over existing data.
 */
export class MasterKeyError extends Error {
  readonly exitCode = 3;
  constructor(message: string) {
    super(message);
    this.name = 'MasterKeyError';
  }
}

/** HMAC of a fixed text under a subkey: recognises a key, reveals nothing of it. */
export function keyFingerprint(master: Buffer): string {
  return crypto.createHmac('sha256', subkey(master, 'key-check')).update('lantern master key check v1').digest('hex');
}

function subkey(master: Buffer, purpose: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), `lantern:${purpose}`, 32));
}

export function parseMasterKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32)
    throw new Error(
      'LANTERN_MASTER_KEY must be 32 bytes, given as 64 hex characters or base64 (e.g. `openssl rand -base64 32`).',
    );
  return key;
}

export function createKeys(master: Buffer): Keys {
  const encKey = subkey(master, 'field-encryption');
  const indexKey = subkey(master, 'blind-index');
  return {
    encrypt(plain) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${body.toString('base64')}`;
    },
    decrypt(sealed) {
      const [version, iv, tag, body] = sealed.split(':');
      if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('Unrecognised encrypted value');
      const decipher = crypto.createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64'), { authTagLength: 16 });
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    },
    encryptBytes(plain) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([Buffer.from([1]), iv, cipher.getAuthTag(), body]);
    },
    decryptBytes(sealed) {
      const data = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
      if (data.length < 29 || data[0] !== 1) throw new Error('Unrecognised encrypted value');
      const decipher = crypto.createDecipheriv('aes-256-gcm', encKey, data.subarray(1, 13), { authTagLength: 16 });
      decipher.setAuthTag(data.subarray(13, 29));
      return Buffer.concat([decipher.update(data.subarray(29)), decipher.final()]);
    },
    blindIndex(value) {
      return crypto.createHmac('sha256', indexKey).update(value).digest('hex');
    },
    auditKey: subkey(master, 'audit-chain'),
    fingerprint: keyFingerprint(master),
  };
}

/**
 * The master key from the environment, or for the embedded database a key file in
 * the data folder, generated on first start — but only when the database holds
 * no data yet (`databaseHasData`): a key generated over existing data could read
 * none of it. `warn` is told when a key is generated.
 */
export function loadMasterKey(
  configured: string | undefined,
  dataDir: string | undefined,
  warn: (message: string) => void,
  databaseHasData = false,
): Buffer {
  if (configured) return parseMasterKey(configured);
  if (!dataDir)
    throw new Error(
      'LANTERN_MASTER_KEY is required when Lantern uses a PostgreSQL server (DATABASE_URL). Generate one with `openssl rand -base64 32` and keep it outside the database.',
    );
  const file = path.join(dataDir, 'master.key');
  if (fs.existsSync(file)) {
    if (process.platform !== 'win32') fs.chmodSync(file, 0o600);
    return parseMasterKey(fs.readFileSync(file, 'utf8'));
  }
  if (databaseHasData)
    throw new MasterKeyError(
      `The database in ${dataDir} holds data, but there is no master key: neither LANTERN_MASTER_KEY nor ${file}. ` +
        'Lantern will not generate a new key over existing data (it could read none of it). ' +
        `Put the key this data was written with (e.g. from your key backup) in ${file} or LANTERN_MASTER_KEY, then start again.`,
    );
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = crypto.randomBytes(32);
  fs.writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  warn(
    `Generated a new master key in ${file}. It protects identity numbers and narratives: back it up separately from the data, ` +
      'and in production set LANTERN_MASTER_KEY instead of keeping the key beside the data.',
  );
  return key;
}
