// End to end, issue 12 §3 in chromium: an investigator downloads the case list as CSV (the filter
// applied, Vietnamese headings, the BOM Excel needs), attaches a photo carrying GPS EXIF to a case and
// downloads it back without it, and opens the printable case summary (agency, date, only what the API
// gave; the app's header not printed). Each screen is checked with axe, at desktop and phone width.
import fs from 'node:fs';
import axe from 'axe-core';
import sharp from 'sharp';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { shot } from './pages.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable, ensureWebBuilt } from './chromium.js';
import { personInput, startLantern, type TestLantern, type TestUser } from '../support/harness.js';

const available = chromiumAvailable();
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

describe.skipIf(!available)('data in and out, end to end in chromium', { timeout: 180_000 }, () => {
  let l: TestLantern;
  let base = '';
  let browser: Browser;
  let investigator: TestUser;
  let screener: TestUser;
  let caseId = '';
  let reference = '';
  let otherReference = '';
  const contexts: BrowserContext[] = [];
  let pageErrors: string[] = [];

  async function signedIn(viewport = DESKTOP, user?: TestUser): Promise<Page> {
    const who = user ?? investigator;
    const context = await browser.newContext({
      viewport,
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      acceptDownloads: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${base}/`);
    await page.getByLabel('Email').fill(who.email);
    await page.getByLabel('Mật khẩu').fill(who.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.locator('header.top').waitFor();
    return page;
  }

  async function checkA11y(page: Page, screen: string) {
    if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(axe.source);
    const violations = await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
      r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })))`);
    expect(violations, `axe on ${screen}`).toEqual([]);
  }

  beforeAll(async () => {
    await ensureWebBuilt();
    l = await startLantern('pglite');
    const police = await l.agency('CA-QN', 'police');
    await l.ctx.db.updateTable('agency').set({ name: 'Công an tỉnh Quảng Ninh' }).where('id', '=', police).execute();
    investigator = await l.user(police, ['investigator']);
    screener = await l.user(police, ['health_screener', 'intake_officer']);
    const open = async (givenName: string, status?: string) => {
      const p = await l.call(investigator.token, 'POST', '/api/v1/persons', personInput({ givenName }));
      const c = await l.call(investigator.token, 'POST', '/api/v1/cases', {
        personId: p.body.id,
        reachedVia: 'repatriation',
        exploitationTypes: ['forced_labour'],
        narrative: 'Bị giữ giấy tờ và ép làm việc.',
      });
      if (status)
        await l.call(investigator.token, 'POST', `/api/v1/cases/${c.body.id}/transitions`, {
          to: status,
          reason: 'xác minh',
        });
      return c.body as { id: string; reference: string };
    };
    const first = await open('Hạnh', 'under_verification');
    caseId = first.id;
    reference = first.reference;
    otherReference = (await open('Mai')).reference;
    await l.app.listen({ host: '127.0.0.1', port: 0 });
    const address = l.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await l?.stop();
  });

  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close().catch(() => {});
    expect(pageErrors, 'errors in the page').toEqual([]);
    pageErrors = [];
  });

  it('downloads the filtered case list as a CSV Excel reads in Vietnamese', async () => {
    const page = await signedIn();
    await page.goto(`${base}/cases?status=under_verification`);
    await page.getByRole('link', { name: reference }).waitFor();
    await checkA11y(page, 'case list with export');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tải CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^lantern-cases-\d{4}-\d{2}-\d{2}\.csv$/);
    const file = fs.readFileSync((await download.path())!);
    expect(file.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = file.toString('utf8');
    expect(text).toContain('Mã hồ sơ');
    expect(text).toContain(reference);
    expect(text).not.toContain(otherReference); // the list's filter applies to the file
  });

  it('attaches a photo to the case and downloads it back without its location', async () => {
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a6' } })
      .jpeg()
      .withExif({
        IFD0: { Make: 'LanternTestCam' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '21/1 1/1 30/1',
          GPSLongitudeRef: 'E',
          GPSLongitude: '107/1 3/1 0/1',
        },
      })
      .toBuffer();
    const page = await signedIn();
    await page.goto(`${base}/cases/${caseId}/files`);
    await page.getByRole('heading', { name: 'Tệp đính kèm' }).waitFor();
    await page.getByText('Chưa có tệp nào.').waitFor();
    await page.getByLabel('Chọn tệp (PDF, JPEG, PNG, WebP)').setInputFiles({
      name: 'ảnh-nhận-dạng.jpg',
      mimeType: 'image/jpeg',
      buffer: photo,
    });
    await page.getByLabel('Thuộc phần').selectOption('identity');
    await page.getByRole('button', { name: 'Tải lên' }).click();
    await page.getByText('Đã lưu tệp.').waitFor();
    const link = page.getByRole('link', { name: 'ảnh-nhận-dạng.jpg' });
    await link.waitFor();
    await checkA11y(page, 'case files');
    await shot(page, 'case-files');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const back = fs.readFileSync((await download.path())!);
    const meta = await sharp(back).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(back.toString('latin1')).not.toContain('LanternTestCam');

    // At phone width the files read as a list, still accessible.
    const phone = await signedIn(PHONE);
    await phone.goto(`${base}/cases/${caseId}/files`);
    await phone.getByRole('link', { name: 'ảnh-nhận-dạng.jpg' }).waitFor();
    await checkA11y(phone, 'case files at phone width');
  });

  it('prints a case summary with the agency and the date, without the app around it', async () => {
    const page = await signedIn();
    await page.goto(`${base}/cases/${caseId}`);
    await page.getByRole('link', { name: 'Bản in' }).click();
    await page.getByRole('heading', { level: 1, name: `Tóm tắt hồ sơ ${reference}` }).waitFor();
    await expect(page.locator('.print-agency').textContent()).resolves.toBe('Công an tỉnh Quảng Ninh');
    await expect(page.locator('.print-meta').textContent()).resolves.toMatch(/^In ngày \d{2}\/\d{2}\/\d{4}/);
    await expect(page.locator('.print-view').textContent()).resolves.toContain('Bị giữ giấy tờ và ép làm việc.');
    await checkA11y(page, 'case print view');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'In' }).isVisible()).toBe(false);
    expect(await page.locator('.print-view h1').isVisible()).toBe(true);
    await shot(page, 'case-print');
  });

  it('prints a referral form for the sending agency, with both agencies and room for signatures', async () => {
    const shelter = await l.agency('NHA-TAM-LANH', 'shelter');
    await l.ctx.db.updateTable('agency').set({ name: 'Nhà tạm lánh Quảng Ninh' }).where('id', '=', shelter).execute();
    await l.call(investigator.token, 'POST', `/api/v1/cases/${caseId}/consents`, {
      purpose: 'share_with_agency',
      agency: 'NHA-TAM-LANH',
      method: 'signed',
      givenBy: 'person',
    });
    const due = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const sent = await l.call(investigator.token, 'POST', '/api/v1/referrals', {
      caseId,
      toAgency: 'NHA-TAM-LANH',
      purposes: ['shelter'],
      dueDate: due,
    });
    expect(sent.status).toBe(201);
    const page = await signedIn();
    await page.goto(`${base}/referrals?box=outbox`);
    await page.getByText('Tệp của chuyển gửi này').first().click(); // opens the referral's files
    await page.getByText('Chưa có tệp nào.').waitFor();
    await checkA11y(page, 'referral outbox with files and print links');
    await page.getByRole('link', { name: 'Bản in' }).first().click();
    await page.getByRole('heading', { level: 1, name: `Phiếu chuyển gửi — hồ sơ ${reference}` }).waitFor();
    const form = (await page.locator('.print-view').textContent())!;
    expect(form).toContain('Nhà tạm lánh Quảng Ninh');
    expect(form).toContain('Cơ quan nhận (ký, ghi rõ họ tên)');
    await checkA11y(page, 'referral print view');
  });

  it('shows the rows of a roster uploaded twice and skips them when the user says so', async () => {
    const e = await l.call(screener.token, 'POST', '/api/v1/screening/events', {
      borderGate: 'Cửa khẩu Móng Cái',
      date: '2026-11-21',
      countryFrom: 'CN',
    });
    const eventId = e.body.id as string;
    const roster = 'Họ tên,Giới tính,Tuổi\nVi Văn Hùng,Nam,28\nLục Thị Nga,Nữ,19\n';
    const first = await l.app.inject({
      method: 'POST',
      url: `/api/v1/screening/events/${eventId}/roster`,
      headers: { authorization: `Bearer ${screener.token}`, 'content-type': 'text/csv' },
      payload: roster,
    });
    expect(first.statusCode).toBe(202);
    await expect
      .poll(async () => (await l.call(screener.token, 'GET', `/api/v1/jobs/${first.json().job.id}`)).body.state)
      .toBe('succeeded');

    const page = await signedIn(DESKTOP, screener);
    await page.goto(`${base}/screening/events/${eventId}`);
    const people = page.getByRole('table', { name: 'Người trở về' });
    await expect.poll(() => people.locator('tbody tr').count()).toBe(2);
    // The same file again, with one new person, typed without accents.
    await page.getByLabel('Tệp danh sách').setInputFiles({
      name: 'danh-sach-lan-2.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${roster}Nong Van Quang,Nam,35\nvi van hung,Nam,28\n`, 'utf8'),
    });
    await page.getByRole('button', { name: 'Tải lên và đăng ký' }).click();
    const step = page.getByRole('group', { name: 'Những người đã được đăng ký tại đợt tiếp nhận này' });
    await step.waitFor();
    expect(await step.locator('tbody tr').count()).toBe(3);
    await step.getByText('3 dòng trùng với người đã đăng ký', { exact: false }).waitFor();
    await checkA11y(page, 'roster duplicates');
    await shot(page, 'roster-duplicates');
    await step.getByRole('button', { name: 'Bỏ qua các dòng trùng, đăng ký những người còn lại' }).click();
    await page.getByText('Đã bỏ qua 3 dòng đã đăng ký.').waitFor();
    await page.getByText('Đã đăng ký 1 người trở về.').waitFor();
    await expect.poll(() => people.locator('tbody tr').count()).toBe(3);
    await people.getByRole('link', { name: 'Nong Van Quang', exact: true }).waitFor();
  });
});
