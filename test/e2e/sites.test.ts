// End to end (issue 14 §3), in Debian's chromium: the hotline's administrator adds a campaign site, copies
// its link, downloads its poster in English on A3, renames it and retires it; someone else's change in the
// meantime is said, not overwritten; an operator reads the register and prints posters but changes nothing;
// an investigator has no such screen. The screen is axe-clean at desktop and phone width.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkA11y } from './pages.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable, ensureWebBuilt } from './chromium.js';
import { startLantern, type TestLantern, type TestUser } from '../support/harness.js';
import { pdfText } from '../support/pdf-text.js';

const available = chromiumAvailable();
const SHOTS = process.env.LANTERN_SCREENSHOTS
  ? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots')
  : null;
const DESKTOP = { width: 1024, height: 768 };
const PHONE = { width: 390, height: 844 };
const PUBLIC_URL = 'http://localhost:3000';

describe.skipIf(!available)('campaign sites, end to end in chromium', { timeout: 120_000 }, () => {
  let l: TestLantern;
  let base = '';
  let browser: Browser;
  const u: Record<string, TestUser> = {};
  let errors: string[] = [];
  let contexts: BrowserContext[] = [];

  async function pageAs(user: TestUser, at = '/', viewport = DESKTOP): Promise<Page> {
    const context = await browser.newContext({
      viewport,
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      acceptDownloads: true,
    });
    contexts.push(context);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await context.addCookies([
      { name: 'lantern_session', value: user.token, url: base, httpOnly: true, sameSite: 'Strict' },
    ]);
    const page = await context.newPage();
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}${at}`);
    return page;
  }

  beforeAll(async () => {
    await ensureWebBuilt();
    l = await startLantern('pglite', { config: { publicUrl: PUBLIC_URL } });
    await l.app.listen({ host: '127.0.0.1', port: 0 });
    const address = l.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const hotline = await l.agency('TD-111', 'hotline');
    const police = await l.agency('CA-HN', 'police');
    u.admin = await l.user(hotline, ['agency_admin']);
    u.operator = await l.user(hotline, ['hotline_operator']);
    u.investigator = await l.user(police, ['investigator']);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await l?.stop();
  });
  beforeEach(() => {
    errors = [];
    contexts = [];
  });
  afterEach(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    expect(errors, 'CSP violations and errors in the page').toEqual([]);
  });

  it('the hotline’s administrator adds a site, copies its link, prints its poster, renames and retires it', async () => {
    const page = await pageAs(u.admin!);
    await page.getByRole('navigation').getByRole('link', { name: 'Điểm truyền thông' }).click();
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Điểm truyền thông');
    await page.getByText('Chưa có điểm truyền thông nào.').waitFor();

    // A code that cannot be one is said before anything is sent.
    const add = page.locator('form').filter({ has: page.getByRole('button', { name: 'Thêm' }) });
    await add.getByLabel(/^Mã/).fill('h');
    await add.getByRole('button', { name: 'Thêm' }).click();
    await page.getByText(/Mã gồm 2–16 chữ in hoa/).waitFor();
    expect(await l.ctx.db.selectFrom('campaign_site').select('id').execute()).toHaveLength(0);

    await add.getByLabel(/^Mã/).fill('hn-ga');
    await add.getByLabel(/^Tên điểm/).fill('Ga Hà Nội');
    await add.getByLabel(/^Loại địa điểm/).selectOption('train_station');
    await add.getByLabel(/^Tỉnh, thành/).selectOption('ha-noi');
    await add.getByRole('button', { name: 'Thêm' }).click();
    await page.getByText(`Đã thêm điểm HN-GA. Áp phích của điểm này dẫn tới ${PUBLIC_URL}/report?site=HN-GA`).waitFor();
    const row = page.locator('tr[data-site="HN-GA"]');
    await expect.poll(() => row.textContent()).toContain('Ga Hà Nội');
    expect(await row.textContent()).toContain('Nhà ga');
    expect(await row.textContent()).toContain('Hà Nội');
    expect(await row.textContent()).toContain('Đang hoạt động');

    // The link, to copy.
    expect(await row.getByRole('textbox', { name: 'Đường dẫn HN-GA' }).inputValue()).toBe(
      `${PUBLIC_URL}/report?site=HN-GA`,
    );
    await row.getByRole('button', { name: 'Sao chép đường dẫn' }).click();
    await row.getByText('Đã sao chép.').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(`${PUBLIC_URL}/report?site=HN-GA`);

    // The poster, in English on A3.
    await page.getByLabel('Ngôn ngữ của áp phích').selectOption('en');
    await page.getByLabel('Khổ giấy').selectOption('A3');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('link', { name: 'Tải áp phích của Ga Hà Nội (A3, English)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('poster-HN-GA-en-A3.pdf');
    const pdf = fs.readFileSync((await download.path())!);
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 841\.89 1190\.55\]/);
    const text = pdfText(pdf).join('\n').replace(/\s+/g, ' ');
    expect(text).toContain('BEWARE OF FAKE JOB OFFERS ONLINE');
    expect(text).toContain('Ga Hà Nội');
    expect(text).toContain(`${PUBLIC_URL}/report?site=HN-GA`);

    await checkA11y(page, 'sites (desktop)');
    if (SHOTS) {
      fs.mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, 'campaign-sites.png'), fullPage: true });
    }

    // Renamed and retired: no poster any more.
    await row.getByRole('button', { name: 'Sửa' }).click();
    const edit = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Sửa điểm HN-GA' }) });
    await edit.getByLabel(/^Tên điểm/).fill('Ga Hà Nội (Lê Duẩn)');
    await edit.getByRole('checkbox').uncheck();
    expect(await edit.getByRole('checkbox', { name: /Đang hoạt động/ }).count()).toBe(1);
    await edit.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu điểm HN-GA.').waitFor();
    await expect.poll(() => row.textContent()).toContain('Ngừng hoạt động');
    expect(await row.textContent()).toContain('Ga Hà Nội (Lê Duẩn)');
    expect(await row.getByRole('link', { name: /Tải áp phích/ }).count()).toBe(0);
    expect(await row.textContent()).toContain('Ngừng hoạt động: không có áp phích');
    const stored = await l.ctx.db.selectFrom('campaign_site').selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ code: 'HN-GA', name: 'Ga Hà Nội (Lê Duẩn)', active: false, version: 2 });

    // Someone else changes it while the form is open: said, and nothing of theirs is overwritten.
    await row.getByRole('button', { name: 'Sửa' }).click();
    const again = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Sửa điểm HN-GA' }) });
    await again.getByLabel(/^Tên điểm/).fill('Tên của tôi');
    const other = await l.call(
      u.admin!.token,
      'PATCH',
      '/api/v1/sites/HN-GA',
      { kind: 'other' },
      { 'if-match': '"2"' },
    );
    expect(other.status).toBe(200);
    await again.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText(/Người khác vừa sửa điểm này/).waitFor();
    await expect.poll(() => row.textContent()).toContain('Nơi khác');
    expect((await l.ctx.db.selectFrom('campaign_site').select('name').executeTakeFirstOrThrow()).name).toBe(
      'Ga Hà Nội (Lê Duẩn)',
    );

    await page.setViewportSize(PHONE);
    await checkA11y(page, 'sites (phone)');
  });

  it('an operator reads the register and prints posters, but changes nothing; an investigator has no such screen', async () => {
    await l.call(u.admin!.token, 'POST', '/api/v1/sites', {
      code: 'SGN',
      name: 'Sân bay Tân Sơn Nhất',
      kind: 'airport',
    });
    const page = await pageAs(u.operator!, '/sites');
    const row = page.locator('tr[data-site="SGN"]');
    await expect.poll(() => row.textContent()).toContain('Sân bay Tân Sơn Nhất');
    expect(await page.getByRole('button', { name: 'Thêm' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Sửa' }).count()).toBe(0);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('link', { name: 'Tải áp phích của Sân bay Tân Sơn Nhất (A4, Tiếng Việt)' }).click(),
    ]);
    const text = pdfText(fs.readFileSync((await download.path())!))
      .join('\n')
      .replace(/\s+/g, ' ');
    expect(text).toContain('CẢNH GIÁC VỚI VIỆC LÀM');
    expect(text).toContain('Sân bay Tân Sơn Nhất');
    await checkA11y(page, 'sites (operator)');

    const investigator = await pageAs(u.investigator!, '/');
    await investigator.locator('main h1').first().waitFor();
    expect(await investigator.getByRole('navigation').getByRole('link', { name: 'Điểm truyền thông' }).count()).toBe(0);
    await investigator.goto(`${base}/sites`);
    await investigator
      .getByText('Chỉ quản trị hệ thống, quản trị và điện thoại viên của tổng đài 111 xem được danh sách này.')
      .waitFor();
  });
});
