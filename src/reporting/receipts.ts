// The receipt a reporter keeps to follow up a report: 16 random digits (about 53 bits), shown
// once and never stored. Lantern keeps a keyed lookup index (HMAC under a subkey of the master
// key: the database alone cannot reverse it or test guesses) and a slow hash (argon2id), checked
// after the lookup. A receipt that finds nothing is checked against a dummy hash, so a wrong
// receipt costs the same work whether or not it ever existed.
import crypto from 'node:crypto';
import argon2 from 'argon2';
import type { Keys } from '../platform/keys.js';

export const RECEIPT_DIGITS = 16;

/**
 * argon2id at a lighter cost than passwords (2 MiB, 2 passes: about 2.5 ms here), so that the form
 * can take hundreds of reports a second: the receipt is random, and the keyed index — not this
 * hash — is what stops offline guessing; the hash is the second line. Even with the master key and
 * a copy of the database, 2^52 guesses at 2.5 ms each take 350,000 years. bench:reporting measured
 * 8 MiB at 13.5 ms a hash, which held submissions to 100 a second on 2 cores, and 4 MiB (5.2 ms)
 * left the triage queue waiting behind the hashing threads (issue 14 asks for 200 a second while
 * the queue answers within 100 ms). The parameters are written in each hash: older ones still verify.
 */
const RECEIPT_HASH = { type: argon2.argon2id, memoryCost: 2048, timeCost: 2, parallelism: 1 } as const;

/** A new receipt: 16 digits from the operating system's random source. */
export function newReceipt(): string {
  const part = () => String(crypto.randomInt(0, 100_000_000)).padStart(8, '0');
  return part() + part();
}

/** The receipt's digits as typed with or without spaces, dashes or dots; null if it is not 16 digits. */
export function normaliseReceipt(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const digits = text.replace(/[\s.\-–—]/g, '');
  return /^[0-9]{16}$/.test(digits) ? digits : null;
}

/** The receipt grouped for reading and writing down: 1234 5678 9012 3456. */
export function formatReceipt(receipt: string): string {
  return receipt.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** The keyed lookup index of a receipt. */
export function receiptIndex(keys: Keys, receipt: string): string {
  return keys.blindIndex(`public-report-receipt:${receipt}`);
}

export function hashReceipt(receipt: string): Promise<string> {
  return argon2.hash(receipt, RECEIPT_HASH);
}

let dummyHash: Promise<string> | undefined;

/** Whether `receipt` matches `hash`; with no hash (nothing found) the same work is done and the answer is false. */
export async function verifyReceipt(hash: string | null, receipt: string): Promise<boolean> {
  if (hash === null) {
    dummyHash ??= hashReceipt(newReceipt());
    await argon2.verify(await dummyHash, receipt);
    return false;
  }
  return argon2.verify(hash, receipt);
}
