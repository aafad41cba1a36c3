// End to end (issue 12 §1), in Debian's chromium: a supervisor assigns a case to a named
// colleague from the case file; the colleague sees the notifications badge and the case on
// top of My work; the team screen, the notifications list and the case list's filters and
// sorting are axe-clean at desktop and phone width.
import { sql } from 'kysely';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkA11y, shot } from './pages.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable, ensureWebBuilt } from './chromium.js';
import { personInput, startLantern, type TestLantern, type TestUser } from '../support/harness.js';

const available = chromiumAvailable();
const DESKTOP = { width: 1024, height: 768 };
const PHONE = { width: 390, height: 844 };

describe.skipIf(!available)('teams and notifications, end to end in chromium', { timeout: 120_000 }, () => {
  let l: TestLantern;
  let base = '';
  let browser: Browser;
  let lead: TestUser;
  let hoa: TestUser;
  let errors: string[] = [];
  let contexts: BrowserContext[] = [];

  async function pageAs(user: TestUser, at = '/', viewport = DESKTOP): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    contexts.push(context);
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

  async function openCase(user: TestUser, person: Record<string, unknown>) {
    const p = await l.call(user.token, 'POST', '/api/v1/persons', personInput(person));
    const c = await l.call(user.token, 'POST', '/api/v1/cases', {
      personId: p.body.id,
      reachedVia: 'hotline',
      exploitationTypes: ['forced_criminality'],
    });
    if (c.status !== 201) throw new Error(`setup: case ${c.status}`);
    return { id: c.body.id as string, reference: c.body.reference as string };
  }

  beforeAll(async () => {
    await ensureWebBuilt();
    l = await startLantern('pglite');
    await l.app.listen({ host: '127.0.0.1', port: 0 });
    const address = l.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const police = await l.agency('POLICE-DN', 'police');
    lead = await l.user(police, ['supervisor']);
    hoa = await l.user(police, ['caseworker']);
    await l.ctx.db.updateTable('app_user').set({ display_name: 'Trần Thị Hoa' }).where('id', '=', hoa.id).execute();
    await l.ctx.db.updateTable('app_user').set({ display_name: 'Lê Văn Nam' }).where('id', '=', lead.id).execute();
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

  it('a supervisor assigns a case to a colleague, who sees the badge and the case on top of My work', async () => {
    // Hoa already holds a calm case; the one assigned now is overdue, so it goes on top.
    const calm = await openCase(hoa, { familyName: 'Phạm', givenName: 'Bình' });
    const calmEtag = (await l.call(hoa.token, 'GET', `/api/v1/cases/${calm.id}`)).headers.etag as string;
    await l.call(hoa.token, 'PUT', `/api/v1/cases/${calm.id}/assignment`, { userId: hoa.id }, { 'if-match': calmEtag });
    await l.ctx.db
      .updateTable('case_file')
      .set({ verification_due_at: sql<Date>`now() + interval '10 days'` as never })
      .where('id', '=', calm.id)
      .execute();
    const urgent = await openCase(hoa, { familyName: 'Nguyễn', middleName: 'Thị', givenName: 'Mai' });
    await l.ctx.db
      .updateTable('case_file')
      .set({ verification_due_at: sql<Date>`now() - interval '1 day'` as never })
      .where('id', '=', urgent.id)
      .execute();

    // The supervisor's team screen, then the case file: assign to Hoa by name.
    const page = await pageAs(lead, '/team');
    await page.getByRole('heading', { level: 1, name: 'Nhóm của tôi' }).waitFor();
    await page.getByRole('rowheader', { name: 'Trần Thị Hoa' }).waitFor();
    await page.getByRole('link', { name: urgent.reference }).waitFor(); // the team's overdue verification
    await checkA11y(page, 'team');
    await shot(page, 'team');
    // From the team screen to the cases nobody holds, and from there to the case.
    await page.getByRole('link', { name: 'Xem và giao các hồ sơ này' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hồ sơ' }).waitFor();
    expect(await page.getByLabel('Chỉ hồ sơ chưa giao cho ai').isChecked()).toBe(true);
    await page.getByRole('cell', { name: 'Nguyễn Thị Mai' }).waitFor();
    expect(await page.getByRole('cell', { name: 'Phạm Thị Bình' }).count()).toBe(0);
    await page.getByRole('link', { name: urgent.reference }).click();
    await page.getByLabel('Giao cho').selectOption({ label: 'Trần Thị Hoa' });
    await page.getByRole('button', { name: 'Giao hồ sơ' }).click();
    await page.getByText('Hồ sơ đã được giao cho Trần Thị Hoa.').waitFor();
    await page.getByRole('definition').filter({ hasText: 'Trần Thị Hoa' }).waitFor();
    await checkA11y(page, 'case file with assignment');
    await shot(page, 'assign-case');

    // Hoa: the badge counts the assignment and the deadline of the case, past already; the case is first in My work.
    const hoaPage = await pageAs(hoa, '/');
    await hoaPage.getByRole('heading', { level: 1, name: 'Việc của tôi' }).waitFor();
    await hoaPage.getByRole('link', { name: 'Thông báo (2 chưa đọc)' }).waitFor();
    const mine = hoaPage.getByTestId('my-cases').getByRole('listitem');
    await mine.first().getByRole('link', { name: urgent.reference }).waitFor();
    expect(await mine.first().textContent()).toContain('Quá hạn');
    expect(await mine.nth(1).textContent()).toContain(calm.reference);
    await checkA11y(hoaPage, 'my work with an assigned case');
    await shot(hoaPage, 'my-work');

    // The notifications say who assigned which case, and its deadline; reading them clears the badge.
    await hoaPage.getByRole('link', { name: 'Thông báo (2 chưa đọc)' }).click();
    await hoaPage.getByRole('heading', { level: 1, name: 'Thông báo' }).waitFor();
    await hoaPage.getByText(`Lê Văn Nam đã giao hồ sơ ${urgent.reference} cho bạn.`).waitFor();
    await hoaPage.getByText(new RegExp(`Hồ sơ ${urgent.reference} đến hạn xác minh ngày`)).waitFor();
    await checkA11y(hoaPage, 'notifications');
    await shot(hoaPage, 'notifications');
    await hoaPage.getByRole('button', { name: 'Đánh dấu đã đọc' }).first().click();
    await hoaPage.getByRole('link', { name: 'Thông báo (1 chưa đọc)' }).waitFor();
    await hoaPage.getByRole('button', { name: 'Đánh dấu tất cả đã đọc' }).click();
    await hoaPage.getByRole('link', { name: 'Thông báo', exact: true }).waitFor();
    await hoaPage.getByText('0 thông báo chưa đọc').waitFor();

    // At phone width too.
    const phone = await pageAs(hoa, '/', PHONE);
    await phone.getByTestId('my-cases').getByRole('link', { name: urgent.reference }).waitFor();
    await checkA11y(phone, 'my work at phone width');
    const phoneLead = await pageAs(lead, '/team', PHONE);
    await phoneLead.getByRole('rowheader', { name: 'Trần Thị Hoa' }).waitFor();
    await checkA11y(phoneLead, 'team at phone width');
  });

  it('filters the case list by sex and age group, sorts by a column and shows the total', async () => {
    await openCase(hoa, {
      familyName: 'Đỗ',
      givenName: 'Lan',
      sex: 'female',
      estimatedAgeYears: 16,
      province: 'nghe-an',
    });
    await openCase(hoa, {
      familyName: 'Võ',
      givenName: 'Tùng',
      sex: 'male',
      estimatedAgeYears: 45,
      province: 'ha-noi',
    });
    const page = await pageAs(hoa, '/cases');
    await page.getByRole('heading', { level: 1, name: 'Hồ sơ' }).waitFor();
    await page.getByText(/^Tìm thấy \d+ hồ sơ$/).waitFor();
    await page.getByLabel('Giới tính').selectOption('female');
    await page.getByLabel('Độ tuổi').selectOption('12-17');
    await expect.poll(() => page.url()).toContain('ageBand=12-17');
    await page.getByText('Tìm thấy 1 hồ sơ').waitFor();
    await page.getByRole('cell', { name: 'Đỗ Thị Lan' }).waitFor();
    await page.getByRole('cell', { name: 'Nghệ An' }).waitFor();
    await checkA11y(page, 'case list filtered');
    await page.getByRole('button', { name: 'Xoá bộ lọc' }).click();
    await page.getByRole('button', { name: /^Tuổi/ }).click();
    await expect.poll(() => page.url()).toContain('sort=age');
    await page.locator('th[aria-sort=ascending]').waitFor();
    await expect.poll(async () => page.locator('table.cases tbody tr').first().textContent()).toContain('Đỗ Thị Lan');
    await shot(page, 'case-list-filters');
    const phone = await pageAs(hoa, '/cases?sort=-age', PHONE);
    await phone.locator('table.cases tbody tr').first().waitFor();
    await checkA11y(phone, 'case list at phone width');
  });
});
