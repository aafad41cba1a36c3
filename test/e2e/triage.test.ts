// End to end (issue 14 §2), in Debian's chromium: a hotline operator finds a web report at the top of the queue,
// takes it, reads it, asks the reporter a question, meets a colleague's change (said, with the report to reload),
// and escalates it to the police of the report's province, which then holds a new case; the operator records a
// call. Every screen is axe-clean, and the pages raise no CSP violation.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAgency } from '../../src/access/directory.js';
import { checkA11y, shot } from './pages.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable, ensureWebBuilt } from './chromium.js';
import { startLantern, type TestLantern, type TestUser } from '../support/harness.js';

const available = chromiumAvailable();
const DESKTOP = { width: 1024, height: 768 };
const PHONE = { width: 390, height: 844 };

describe.skipIf(!available)('triage, end to end in chromium', { timeout: 180_000 }, () => {
  let l: TestLantern;
  let base = '';
  let browser: Browser;
  const u: Record<string, TestUser> = {};
  let policeId = '';
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

  beforeAll(async () => {
    await ensureWebBuilt();
    l = await startLantern('pglite');
    await l.app.listen({ host: '127.0.0.1', port: 0 });
    const address = l.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const hotline = await l.agency('TD-111', 'hotline');
    await l.ctx.db.updateTable('agency').set({ name: 'Tổng đài quốc gia 111' }).where('id', '=', hotline).execute();
    policeId = (
      await createAgency(l.ctx.db, {
        code: 'CA-AG',
        name: 'Công an tỉnh An Giang',
        kind: 'police',
        province: 'an-giang',
      })
    ).id;
    await createAgency(l.ctx.db, {
      code: 'CA-HN',
      name: 'Công an thành phố Hà Nội',
      kind: 'police',
      province: 'ha-noi',
    });
    u.operator = await l.user(hotline, ['hotline_operator']);
    u.colleague = await l.user(hotline, ['hotline_operator']);
    u.investigator = await l.user(policeId, ['investigator', 'intake_officer']);
    for (const [who, name] of [
      ['operator', 'Nguyễn Thị Tổng Đài'],
      ['colleague', 'Lê Văn Trực'],
    ] as const)
      await l.ctx.db.updateTable('app_user').set({ display_name: name }).where('id', '=', u[who]!.id).execute();
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

  /** A web report as the public sends it; its id. */
  async function webReport(fields: Record<string, string>) {
    const r = await l.app.inject({
      method: 'POST',
      url: '/api/v1/public/reports',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(fields),
      remoteAddress: '198.51.100.7',
    });
    expect(r.statusCode, r.body).toBe(201);
    const row = await l.ctx.db
      .selectFrom('public_report')
      .select('id')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  it('an operator takes a web report from the queue, asks, meets a colleague’s change, and escalates it', async () => {
    await webReport({ whatHappened: 'Tin báo thường, không khẩn cấp', province: 'ha-noi' });
    const id = await webReport({
      whatHappened: 'Em gái tôi bị giữ ở Sihanoukville, bị ép lừa đảo qua mạng, bị lấy hộ chiếu',
      province: 'an-giang',
      immediateDanger: 'yes',
      identifiers: '0912 345 678\nfb.com/vieclam.luongcao',
    });

    const page = await pageAs(u.operator!);
    await page.getByRole('navigation').getByRole('link', { name: 'Tiếp nhận tin báo' }).click();
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Tiếp nhận tin báo');
    const rows = page.locator('tr[data-report]');
    await expect.poll(() => rows.count()).toBe(2);
    // The urgent report first, its danger said, no content shown.
    expect(await rows.first().getAttribute('data-report')).toBe(id);
    expect(await rows.first().textContent()).toContain('Nguy hiểm ngay');
    expect(await page.locator('main').textContent()).not.toContain('Sihanoukville');
    await checkA11y(page, 'the queue (desktop)');
    await shot(page, 'triage-queue');
    await page.setViewportSize(PHONE);
    await checkA11y(page, 'the queue (phone)');
    await page.setViewportSize(DESKTOP);

    // Take it: the report opens, assigned to the operator.
    await rows
      .first()
      .getByRole('button', { name: /^Nhận xử lý tin báo/ })
      .click();
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Tin báo qua trang báo tin');
    await page.getByText('Sihanoukville', { exact: false }).first().waitFor();
    await page.getByText('Người xử lý: Nguyễn Thị Tổng Đài').waitFor();
    await checkA11y(page, 'a report (desktop)');

    // A question for the reporter.
    await page.getByLabel('Câu hỏi cho người báo tin').fill('Chị có biết tên công ty tuyển dụng không?');
    await page.getByRole('button', { name: 'Gửi câu hỏi' }).click();
    await page.getByText('Đã gửi câu hỏi.').waitFor();
    await page.locator('ol.conversation li').first().waitFor();

    // A colleague hands it on meanwhile: the escalation is refused as stale, said, and the report reloads.
    const now = await l.call(u.colleague!.token, 'GET', `/api/v1/reports/${id}`);
    const moved = await l.call(
      u.colleague!.token,
      'POST',
      `/api/v1/reports/${id}/assign`,
      { assignee: 'me' },
      { 'if-match': now.headers.etag as string },
    );
    expect(moved.status).toBe(200);
    const escalateForm = page.locator('section[aria-labelledby="h-escalate"]');
    await escalateForm.getByLabel(/^Cơ quan tiếp nhận/).selectOption(policeId);
    await escalateForm.getByRole('button', { name: 'Chuyển tin báo' }).click();
    await page.getByText('Tin báo vừa được người khác thay đổi.', { exact: false }).waitFor();
    expect(
      (await l.ctx.db.selectFrom('public_report').select('status').where('id', '=', id).executeTakeFirstOrThrow())
        .status,
    ).toBe('under_review');
    await page.getByRole('button', { name: 'Tải lại tin báo' }).click();
    await page.getByText('Người xử lý: Lê Văn Trực').waitFor();

    // The police of the report's province is offered first; escalate to it.
    const suggested = await escalateForm.locator('optgroup').first().getAttribute('label');
    expect(suggested).toBe('Cùng tỉnh với tin báo');
    expect(await escalateForm.locator('optgroup').first().textContent()).toContain('Công an tỉnh An Giang');
    await escalateForm.getByLabel(/^Cơ quan tiếp nhận/).selectOption(policeId);
    await escalateForm.getByRole('button', { name: 'Chuyển tin báo' }).click();
    await page.getByText('Đã xử lý xong: Đã chuyển đến cơ quan có thẩm quyền.').waitFor();
    await page.getByText(/Hồ sơ LT-\d{4}-\d+ tại Công an tỉnh An Giang/).waitFor();
    await checkA11y(page, 'an escalated report');

    // The police agency holds the new case, with the report's text.
    const row = await l.ctx.db
      .selectFrom('public_report')
      .select(['status', 'case_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('passed_to_authority');
    const theCase = await l.call(u.investigator!.token, 'GET', `/api/v1/cases/${row.case_id}`);
    expect(theCase.status).toBe(200);
    expect(theCase.body.narrative).toContain('Sihanoukville');
  });

  it('an operator records a call, which opens as a report; the screens are axe-clean', async () => {
    const page = await pageAs(u.operator!, '/reports/new-call');
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Ghi nhận cuộc gọi');
    await checkA11y(page, 'the call intake (desktop)');
    // Nothing sent without what happened and who calls: said on the form.
    await page.getByRole('button', { name: 'Lưu cuộc gọi' }).click();
    await page.getByText('Hãy ghi lại chuyện đã xảy ra.').waitFor();
    await page.getByText('Hãy chọn người gọi là ai.').waitFor();
    await page.getByLabel('Người nhà').check();
    await page.getByLabel(/^Chuyện gì đã xảy ra/).fill('Mẹ gọi: con trai bị đưa sang Myanmar, không liên lạc được');
    await page
      .locator('fieldset')
      .filter({ hasText: 'Có người đang gặp nguy hiểm ngay' })
      .getByLabel('Có', { exact: true })
      .check();
    await page.getByLabel(/^Tỉnh, thành/).selectOption('ha-noi');
    await page.getByLabel('Bị giữ giấy tờ, hộ chiếu').check();
    await page.getByLabel(/^Số điện thoại, tài khoản/).fill('0987 654 321');
    await page.setViewportSize(PHONE);
    await checkA11y(page, 'the call intake (phone)');
    await page.setViewportSize(DESKTOP);
    await page.getByRole('button', { name: 'Lưu cuộc gọi' }).click();
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Cuộc gọi đến tổng đài');
    await page.getByText('Người gọi không có mã tra cứu', { exact: false }).waitFor();
    await page.getByText('Bị giữ giấy tờ, hộ chiếu').waitFor();
    await checkA11y(page, 'a call (desktop)');
    const call = await l.ctx.db
      .selectFrom('public_report')
      .select(['channel', 'immediate_danger', 'assigned_to'])
      .where('channel', '=', 'phone')
      .executeTakeFirstOrThrow();
    expect(call).toEqual({ channel: 'phone', immediate_danger: true, assigned_to: u.operator!.id });
  });

  it('an investigator has no such screen', async () => {
    const page = await pageAs(u.investigator!, '/reports');
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Tiếp nhận tin báo');
    await page.getByText('Chỉ điện thoại viên của tổng đài 111 xem và xử lý được tin báo.').waitFor();
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Tiếp nhận tin báo' }).count()).toBe(0);
  });
});
