// End to end, accounts (issue 12 §2) in chromium: an agency administrator issues a one-time
// reset code to a caseworker who forgot their password, and edits a user's roles with only the
// roles the policy lets them grant; the caseworker opens the reset link on a phone and chooses
// a new password; an administrator enrolling an authenticator sees its QR code. Every screen is
// checked with axe-core. Each test makes its own users.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import * as OTPAuth from 'otpauth';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { label } from '../../src/contract/reference/index.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable, ensureWebBuilt } from './chromium.js';
import { startLantern, type TestLantern, type TestUser } from '../support/harness.js';

const available = chromiumAvailable();
const SHOTS = process.env.LANTERN_SCREENSHOTS
  ? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots')
  : null;
const DESKTOP = { width: 1024, height: 768 };
const PHONE = { width: 390, height: 844 };

describe.skipIf(!available)('accounts, end to end in chromium', { timeout: 120_000 }, () => {
  let l: TestLantern;
  let base = '';
  let browser: Browser;
  let police = '';
  let pageErrors: string[] = [];
  let cspViolations: string[] = [];
  let contexts: BrowserContext[] = [];

  async function newPage(viewport = DESKTOP): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  }

  async function pageAs(user: TestUser, at: string, viewport = DESKTOP): Promise<Page> {
    const page = await newPage(viewport);
    await page
      .context()
      .addCookies([{ name: 'lantern_session', value: user.token, url: base, httpOnly: true, sameSite: 'Strict' }]);
    await page.goto(`${base}${at}`);
    return page;
  }

  async function shot(page: Page, name: string) {
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  }

  async function checkA11y(page: Page, screen: string) {
    if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(axe.source);
    const violations = (await page.evaluate(
      `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact })))`,
    )) as { id: string; impact: string }[];
    expect(
      violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
      `axe on ${screen}`,
    ).toEqual([]);
  }

  beforeAll(async () => {
    await ensureWebBuilt();
    l = await startLantern('pglite');
    police = await l.agency('POLICE-HN');
    await l.app.listen({ host: '127.0.0.1', port: 0 });
    const address = l.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await l?.stop();
  });
  beforeEach(() => {
    pageErrors = [];
    cspViolations = [];
    contexts = [];
  });
  afterEach(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    expect(cspViolations, 'Content-Security-Policy violations').toEqual([]);
    expect(pageErrors, 'errors in the page').toEqual([]);
  });

  it('an administrator issues a reset code; the user opens the link on a phone and chooses a new password', async () => {
    const admin = await l.user(police, ['agency_admin']);
    const user = await l.user(police, ['caseworker']);
    const page = await pageAs(admin, '/admin');
    await page.getByRole('heading', { level: 2, name: 'Người dùng' }).waitFor();
    await page.getByRole('button', { name: `Đặt lại mật khẩu ${user.email}` }).click();
    await page.getByText(`Mã đặt lại dùng một lần cho ${user.email}`).waitFor();
    const code = (await page.getByTestId('reset-code').textContent())!.trim();
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    const link = (await page.getByTestId('reset-link').textContent())!.trim();
    expect(link).toBe(`${base}/reset-password#code=${code}`);
    // Nobody resets their own password here, nor an account the policy keeps from them.
    expect(await page.getByRole('button', { name: `Đặt lại mật khẩu ${admin.email}` }).count()).toBe(0);
    await checkA11y(page, 'admin with a reset code');
    await shot(page, 'admin-reset-code');

    const phone = await newPage(PHONE);
    await phone.goto(link);
    await phone.getByRole('heading', { level: 1, name: 'Đăng nhập bằng mã đặt lại' }).waitFor();
    expect(await phone.getByLabel('Mã đặt lại').inputValue()).toBe(code);
    await phone.getByLabel('Email').fill(user.email);
    await checkA11y(phone, 'sign in with a reset code (phone)');
    await phone.getByRole('button', { name: 'Tiếp tục' }).click();
    await phone.getByRole('heading', { level: 1, name: 'Chọn mật khẩu mới' }).waitFor();
    await phone.getByText('Hãy đặt mật khẩu mới. Các phiên đăng nhập khác của bạn đã được kết thúc.').waitFor();
    // The forgotten password is not asked for; the code is gone from the address bar.
    expect(await phone.getByLabel(/^Mật khẩu hiện tại/).count()).toBe(0);
    expect(new URL(phone.url()).hash).toBe('');
    await checkA11y(phone, 'new password after a reset code (phone)');
    await shot(phone, 'phone-reset-password');
    await phone.getByLabel(/^Mật khẩu mới/).fill('Đèn lồng phố Hội 2026 sáng');
    await phone.getByLabel(/^Nhập lại mật khẩu mới/).fill('Đèn lồng phố Hội 2026 sáng');
    await phone.getByRole('button', { name: 'Lưu mật khẩu và tiếp tục' }).click();
    await phone.getByRole('link', { name: 'Tài khoản', exact: true }).waitFor();
    expect(new URL(phone.url()).pathname).toBe('/');
    // The session the user had before ended when the code was used.
    expect((await l.call(user.token, 'GET', '/api/v1/auth/me')).status).toBe(401);
    const login = await l.call(null, 'POST', '/api/v1/auth/login', {
      email: user.email,
      password: 'Đèn lồng phố Hội 2026 sáng',
    });
    expect(login.body.passwordChangeRequired).toBe(false);

    // The same code a second time: refused, in words.
    const again = await newPage(PHONE);
    await again.goto(link);
    await again.getByLabel('Email').fill(user.email);
    await again.getByRole('button', { name: 'Tiếp tục' }).click();
    await again.getByText('Email hoặc mã không đúng, hoặc mã đã hết hạn hay đã được dùng.', { exact: false }).waitFor();
  });

  it('an administrator edits roles on a phone, offered only those the policy lets them grant', async () => {
    const admin = await l.user(police, ['agency_admin']);
    const user = await l.user(police, ['caseworker'], { signIn: false });
    const page = await pageAs(admin, '/admin', PHONE);
    await page.getByRole('button', { name: `Sửa vai trò ${user.email}` }).click();
    const editor = page.getByRole('group', { name: 'Vai trò' });
    await page.getByRole('heading', { level: 3, name: `Vai trò của ${user.email}` }).waitFor();
    expect(await editor.getByLabel(label('role', 'caseworker', 'vi')).isChecked()).toBe(true);
    expect(await editor.getByLabel(label('role', 'auditor', 'vi')).count()).toBe(0);
    expect(await editor.getByLabel(label('role', 'system_admin', 'vi')).count()).toBe(0);
    await editor.getByLabel(label('role', 'investigator', 'vi')).check();
    await checkA11y(page, 'editing roles (phone)');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'admin-roles');
    await page.getByRole('button', { name: 'Lưu vai trò' }).click();
    await page.getByText(`Đã lưu vai trò của ${user.email}.`, { exact: false }).waitFor();
    const row = await l.ctx.db
      .selectFrom('app_user')
      .select('roles')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect([...row.roles].sort()).toEqual(['caseworker', 'investigator']);
    await page
      .getByRole('cell', { name: `${label('role', 'caseworker', 'vi')}, ${label('role', 'investigator', 'vi')}` })
      .waitFor();
  });

  it('shows the authenticator’s QR code with the secret at enrolment', async () => {
    const admin = await l.user(police, ['agency_admin'], { signIn: false });
    const page = await newPage();
    await page.goto(`${base}/`);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Mật khẩu').fill(admin.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('button', { name: 'Tạo khóa bí mật' }).click();
    const qr = page.getByRole('img', { name: 'Mã QR để quét bằng ứng dụng xác thực' });
    await qr.waitFor();
    expect(
      await page.evaluate(
        `(() => { const i = document.querySelector('img.totp-qr'); return i.complete && i.naturalWidth > 0; })()`,
      ),
    ).toBe(true);
    const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s/g, '');
    await checkA11y(page, 'authenticator enrolment with its QR code');
    await shot(page, 'totp-qr');
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 });
    await page.getByLabel('Mã xác thực').fill(totp.generate());
    await page.getByRole('button', { name: 'Kích hoạt' }).click();
    await page.getByRole('link', { name: 'Tài khoản', exact: true }).waitFor();
  });
});
