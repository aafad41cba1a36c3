import { describe, expect, it } from 'vitest';
import { identifierOfLine } from './identifier-kind.js';

describe("a report's identifier lines", () => {
  it('are told apart as phones, accounts, links and e-mails', () => {
    expect(identifierOfLine('0912 345 678')?.kind).toBe('phone');
    expect(identifierOfLine('+84912345678')?.kind).toBe('phone');
    expect(identifierOfLine('fb.com/vieclamluongcao')?.kind).toBe('facebook');
    expect(identifierOfLine('https://www.facebook.com/vieclam.luongcao')?.kind).toBe('facebook');
    expect(identifierOfLine('t.me/tuyendung_cam')?.kind).toBe('telegram');
    expect(identifierOfLine('tuyendung@example.com')?.kind).toBe('email');
    expect(identifierOfLine('https://viec-lam-luong-cao.example/apply')?.kind).toBe('url');
  });
  it('leave a line that is none of these alone', () => {
    expect(identifierOfLine('Công ty TNHH Ánh Dương')).toBeNull();
    expect(identifierOfLine('   ')).toBeNull();
    expect(identifierOfLine('12')).toBeNull();
  });
});
