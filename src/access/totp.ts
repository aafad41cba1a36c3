// TOTP second factor (RFC 6238, 30 s steps, 6 digits) via the otpauth library.
import * as OTPAuth from 'otpauth';

const PERIOD = 30;

function totpFor(secretBase32: string, email: string) {
  return new OTPAuth.TOTP({
    issuer: 'Lantern',
    label: email,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
  });
}

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

export function otpauthUrl(secretBase32: string, email: string): string {
  return totpFor(secretBase32, email).toString();
}

/** The time step a valid code belongs to (±1 step of clock drift), or null. Callers reject steps already used. */
export function acceptedStep(secretBase32: string, email: string, code: string, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secretBase32, email).validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 1000 / PERIOD) + delta;
}

/** The current code (for tests and the CLI). */
export function currentCode(secretBase32: string, email: string, now = Date.now()): string {
  return totpFor(secretBase32, email).generate({ timestamp: now });
}
