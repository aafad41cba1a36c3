// Password hashing with argon2id (library defaults: 64 MiB, 3 passes) and the
// rules a new password must meet: long enough, and not guessable according to
// zxcvbn-ts (common-password lists, dictionary words, keyboard patterns,
// repetitions, dates, and the user's own email and name).
import crypto from 'node:crypto';
import argon2 from 'argon2';
import type { FieldError } from '../platform/problems.js';
import { Problem } from '../platform/problems.js';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
/** zxcvbn score (0–4) a new password must reach: 3 means about 10^8 guesses or more. */
export const MIN_PASSWORD_SCORE = 3;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

let dummyHash: Promise<string> | undefined;

/** Verifies; for an unknown account pass null, which still spends the same time (no account enumeration by timing). */
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (hash === null) {
    dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
    await argon2.verify(await dummyHash, password);
    return false;
  }
  return argon2.verify(hash, password);
}

/** A strong random password for accounts created without one (printed once by the CLI). */
export function generatePassword(): string {
  return crypto.randomBytes(18).toString('base64url');
}

/** Why a new password is refused: a stable code clients translate, and what to do, in English. */
export interface PasswordRefusal {
  code: 'password-too-short' | 'password-too-long' | 'password-personal' | 'password-too-guessable';
  message: string;
}

/** Who the password is for: their email and name are refused as (parts of) the password. */
export interface PasswordOwner {
  email: string;
  displayName?: string;
}

type Estimator = {
  check(
    password: string,
    userInputs: string[],
  ): { score: number; feedback: { warning: string | null }; sequence: { dictionaryName?: string }[] };
};
let estimator: Promise<Estimator> | undefined;

/** zxcvbn-ts with its common and English dictionaries, loaded on first use (a few hundred ms, then cached). */
function passwordEstimator(): Promise<Estimator> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
    }) as unknown as Estimator;
  })();
  return estimator;
}

const plain = (s: string) =>
  s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

/** The user's email, its parts, and their name (as written, without accents, joined, reversed). */
export function personalWords(owner: PasswordOwner): string[] {
  const words = new Set<string>(['lantern']);
  const email = owner.email.trim().toLowerCase();
  words.add(email);
  const [local = '', domain = ''] = email.split('@');
  words.add(local);
  words.add(local.replace(/[^a-z0-9]/g, ''));
  words.add(domain);
  for (const part of email.split(/[^a-z0-9]+/)) if (part.length >= 2) words.add(part);
  const name = plain(owner.displayName ?? '').trim();
  if (name) {
    const parts = name.split(/[^a-z0-9]+/).filter((p) => p.length >= 2);
    words.add(name);
    words.add(parts.join(''));
    words.add([...parts].reverse().join(''));
    if (parts.length > 1) {
      words.add(parts.slice(1).join('') + parts[0]); // given names first, family name last
      words.add(parts[0]! + parts[parts.length - 1]!); // family and given name, without middle names
      words.add(parts[parts.length - 1]! + parts[0]!);
    }
    for (const p of parts) words.add(p);
  }
  return [...words].filter(Boolean);
}

/** Why `password` may not be chosen by `owner`, or null when it is good enough. */
export async function passwordRefusal(password: string, owner: PasswordOwner): Promise<PasswordRefusal | null> {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return {
      code: 'password-too-short',
      message: `must be at least ${MIN_PASSWORD_LENGTH} characters; a few unrelated words make a long password that is easy to remember`,
    };
  if (password.length > MAX_PASSWORD_LENGTH)
    return { code: 'password-too-long', message: `must be at most ${MAX_PASSWORD_LENGTH} characters` };
  const result = (await passwordEstimator()).check(password.slice(0, 100), personalWords(owner));
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const personal = result.sequence.some((s) => s.dictionaryName === 'userInputs');
  const warning = result.feedback.warning ? ` (${result.feedback.warning.replace(/\.$/, '')})` : '';
  return personal
    ? {
        code: 'password-personal',
        message: `is built from your email or name${warning}; choose words that have nothing to do with you`,
      }
    : {
        code: 'password-too-guessable',
        message: `is too easy to guess${warning}; use four or more unrelated words, or a long random password from a password manager`,
      };
}

/** A 400 naming `field` with the refusal's code and message, as the API answers a weak password. */
export function weakPasswordProblem(refusal: PasswordRefusal, field: string): Problem {
  const error: FieldError = { field, message: refusal.message, code: refusal.code };
  return new Problem('validation', `The password ${refusal.message}.`, { errors: [error] });
}

/** Refuses a weak password with weakPasswordProblem. */
export async function requireStrongPassword(password: string, owner: PasswordOwner, field: string): Promise<void> {
  const refusal = await passwordRefusal(password, owner);
  if (refusal) throw weakPasswordProblem(refusal, field);
}
