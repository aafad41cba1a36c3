// New passwords: long enough and not guessable, judged by zxcvbn-ts with the
// user's own email and name counted as known words.
import { describe, expect, it } from 'vitest';
import { passwordRefusal, personalWords } from './passwords.js';

const owner = { email: 'lan.nguyen@police.invalid', displayName: 'Nguyễn Thị Lan' };

describe('passwordRefusal', () => {
  it.each([
    ['aaaaaaaaaaaa', 'password-too-guessable'],
    ['123456789012', 'password-too-guessable'],
    ['            ', 'password-too-guessable'],
    ['qwertyuiop12', 'password-too-guessable'],
    ['password1234', 'password-too-guessable'],
    ['lan.nguyen@police.invalid', 'password-personal'],
    ['NguyenThiLan1990', 'password-personal'],
    ['lannguyen2024!', 'password-personal'],
    ['short', 'password-too-short'],
    ['x'.repeat(257), 'password-too-long'],
  ])('refuses %j (%s) with advice', async (password, code) => {
    const refusal = await passwordRefusal(password, owner);
    expect(refusal?.code).toBe(code);
    expect(refusal?.message.length).toBeGreaterThan(10);
  });

  it.each(['lantern kite over the red river delta', 'Xq7-vu2-Lt9-wp4-Zr', 'Sông Hồng chảy qua Hà Nội'])(
    'accepts %j',
    async (password) => {
      expect(await passwordRefusal(password, owner)).toBeNull();
    },
  );

  it('counts the email, its parts and the name without accents as personal words', () => {
    expect(personalWords(owner)).toEqual(
      expect.arrayContaining(['lan.nguyen@police.invalid', 'lan.nguyen', 'nguyen', 'nguyenthilan', 'thilannguyen']),
    );
  });
});
