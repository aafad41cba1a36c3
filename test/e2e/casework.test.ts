// Issue 12 §4–§5 in chromium: the screens for what existed only in the API (follow-up
// visits and the closure checklist, a case's repatriation and its group, transfers, the
// agency's response times), their conflicts (412: what the other person changed, and
// reapply), problems in Vietnamese (a taken e-mail says so, by the e-mail field), and the
// screening form's dimensions, progress, sticky summary and jump to the deciding questions.
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable, ensureWebBuilt } from './chromium.js';
import { personInput, startLantern, type TestLantern, type TestUser } from '../support/harness.js';

const available = chromiumAvailable();

describe.skipIf(!available)('casework screens in chromium', { timeout: 120_000 }, () => {
  let l: TestLantern;
  let base = '';
  let browser: Browser;
  let police = '';
  let officer: TestUser;
  let shelter: TestUser;
  let contexts: BrowserContext[] = [];
  let pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    l = await startLantern('pglite');
    await l.app.listen({ host: '127.0.0.1', port: 0 });
    const address = l.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    police = await l.agency('CA-CW', 'police');
    officer = await l.user(police, ['investigator', 'caseworker']);
    shelter = await l.user(await l.agency('NHA-CW', 'shelter'), ['caseworker']);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await l?.stop();
  });
  afterEach(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    contexts = [];
    expect(pageErrors, 'errors in the page').toEqual([]);
    pageErrors = [];
  });

  async function pageAs(user: TestUser, at: string, viewport = { width: 1024, height: 768 }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    contexts.push(context);
    await context.addCookies([
      { name: 'lantern_session', value: user.token, url: base, httpOnly: true, sameSite: 'Strict' },
    ]);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${base}${at}`);
    return page;
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

  async function openCase(user: TestUser, extra: Record<string, unknown> = {}) {
    const person = await l.call(user.token, 'POST', '/api/v1/persons', personInput());
    const created = await l.call(user.token, 'POST', '/api/v1/cases', {
      personId: person.body.id,
      reachedVia: 'repatriation',
      ...extra,
    });
    return created.body as { id: string; reference: string };
  }

  it('schedules a follow-up visit, records its outcome, and shows the closure checklist', async () => {
    const c = await openCase(officer);
    const page = await pageAs(officer, `/cases/${c.id}/followups`);
    await page.getByRole('heading', { name: 'Các lần thăm theo dõi tái hòa nhập' }).waitFor();
    await page.getByText('Chưa có lần thăm nào.').waitFor();
    // The date is required: said in Vietnamese, nothing sent.
    await page.getByRole('button', { name: 'Thêm lần thăm' }).click();
    await page.getByText('Chọn một ngày.').waitFor();
    await page.getByLabel('Ngày dự kiến').fill('2026-02-10');
    await page.getByRole('button', { name: 'Thêm lần thăm' }).click();
    await page.getByText('Đã lên lịch lần thăm.').waitFor();
    await page.getByRole('button', { name: 'Ghi kết quả lần thăm ngày 10/02/2026' }).click();
    await page.getByLabel('Ngày đã thăm').fill('2026-02-10');
    await page.getByLabel('Kết quả', { exact: true }).selectOption('stable');
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByText('Đã lưu lần thăm.').waitFor();
    await page.getByRole('cell', { name: 'Ổn định' }).waitFor();
    // The checklist, in words: the visit is done; the four items are listed.
    await page.getByRole('heading', { name: 'Trước khi đóng hồ sơ' }).waitFor();
    await page.getByText('Đã thăm theo dõi và không có lần thăm quá hạn').waitFor();
    expect(await page.locator('ul.checklist li').count()).toBe(4);
    await checkA11y(page, 'follow-ups');
  });

  it('says a visit was changed by someone else (412) and reloads it', async () => {
    const c = await openCase(officer);
    const visit = await l.call(officer.token, 'POST', `/api/v1/cases/${c.id}/follow-ups`, {
      scheduledFor: '2026-03-01',
    });
    const page = await pageAs(officer, `/cases/${c.id}/followups`);
    await page.getByRole('button', { name: 'Ghi kết quả lần thăm ngày 01/03/2026' }).click();
    // Someone else records the visit first.
    const theirs = await l.call(
      officer.token,
      'PATCH',
      `/api/v1/follow-ups/${visit.body.id}`,
      { notes: 'Đã gọi điện' },
      { 'if-match': `"${visit.body.version}"` },
    );
    expect(theirs.status).toBe(200);
    await page.getByLabel('Kết quả', { exact: true }).selectOption('needs_support');
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByText('Người khác vừa sửa lần thăm này.', { exact: false }).waitFor();
    await page.getByRole('cell', { name: 'Đã gọi điện' }).waitFor();
  });

  it('records a repatriation with its group, and shows what someone else changed first (412)', async () => {
    const c = await openCase(officer);
    // A border agency creates the group; the police officer attaches the case to it.
    const border = await l.user(await l.agency('BP-CW', 'border_guard'), ['health_screener', 'intake_officer']);
    const group = await l.call(border.token, 'POST', '/api/v1/repatriation-groups', {
      returnDate: '2026-04-02',
      countryFrom: 'LA',
      borderGate: 'Cửa khẩu Cầu Treo',
    });
    expect(group.status).toBe(201);
    const groupId = group.body.id as string;
    const page = await pageAs(officer, `/cases/${c.id}/repatriation`);
    await page.getByText('Chưa ghi thông tin hồi hương.').waitFor();
    await page.getByRole('button', { name: 'Ghi thông tin hồi hương' }).click();
    // Required fields, in Vietnamese.
    await page.getByRole('button', { name: 'Lưu thông tin hồi hương' }).click();
    await page.getByText('Chọn nước trở về.').waitFor();
    // Countries by their short names: Laos is "Lào".
    await page.getByLabel('Trở về từ nước').selectOption({ label: 'Lào' });
    await page.getByLabel('Cửa khẩu').fill('Cửa khẩu Cầu Treo');
    await page.getByLabel('Ngày về').fill('2026-04-02');
    // The link to the group's page does as well as its code.
    await page.getByLabel('Mã đoàn hồi hương (nếu có)').fill(`${base}/repatriation-groups/${groupId}`);
    await page.getByRole('button', { name: 'Lưu thông tin hồi hương' }).click();
    await page.getByText('Đã lưu thông tin hồi hương.').waitFor();
    await page.getByText('Lào').first().waitFor();
    await checkA11y(page, 'repatriation');

    // Someone else saves first; my edit shows the conflict panel, then reapplies on top.
    await page.getByRole('button', { name: 'Sửa thông tin hồi hương' }).click();
    const now = await l.call(officer.token, 'GET', `/api/v1/cases/${c.id}/repatriation`);
    const theirs = await l.call(
      officer.token,
      'PUT',
      `/api/v1/cases/${c.id}/repatriation`,
      {
        groupId,
        countryFrom: 'LA',
        borderGate: 'Cửa khẩu Nậm Cắn',
        returnDate: '2026-04-02',
        travelDocumentsChecked: false,
      },
      { 'if-match': now.headers.etag as string },
    );
    expect(theirs.status).toBe(200);
    await page.getByLabel('Người đi cùng').fill('Cán bộ Biên phòng');
    await page.getByRole('button', { name: 'Lưu thông tin hồi hương' }).click();
    await page.getByRole('heading', { name: 'Người khác vừa thay đổi hồ sơ này' }).waitFor();
    await page.getByRole('cell', { name: 'Cửa khẩu Nậm Cắn' }).waitFor();
    await page.getByRole('button', { name: 'Áp dụng lại thay đổi của tôi' }).click();
    await page.getByText('Đã lưu thông tin hồi hương.').waitFor();
    const saved = await l.call(officer.token, 'GET', `/api/v1/cases/${c.id}/repatriation`);
    expect(saved.body).toMatchObject({ borderGate: 'Cửa khẩu Nậm Cắn', escort: 'Cán bộ Biên phòng', groupId });

    // The group's page lists the case.
    await page.getByRole('link', { name: 'Xem đoàn' }).click();
    await page.getByRole('link', { name: c.reference }).waitFor();
    await checkA11y(page, 'repatriation group');
  });

  it('sends a transfer to another agency, which sees it in its inbox', async () => {
    const c = await openCase(officer);
    const page = await pageAs(officer, `/cases/${c.id}/referrals`);
    await page.getByRole('button', { name: 'Chuyển giao hồ sơ…' }).click();
    await page.getByRole('button', { name: 'Gửi đề nghị chuyển giao' }).click();
    await page.getByText('Chọn cơ quan nhận.').waitFor();
    await page.getByLabel('Cơ quan sẽ phụ trách hồ sơ').selectOption('NHA-CW');
    await page.getByLabel('Lý do chuyển giao').fill('Người này chuyển về sống tại địa phương khác');
    // Without the person's consent to share with that agency: said so, with the way to record it.
    await page.getByRole('button', { name: 'Gửi đề nghị chuyển giao' }).click();
    await page.getByText('Người này chưa đồng ý cho việc chuyển gửi này.', { exact: false }).waitFor();
    await page.getByRole('link', { name: 'Ghi nhận sự đồng ý chia sẻ với cơ quan này' }).waitFor();
    await l.call(officer.token, 'POST', `/api/v1/cases/${c.id}/consents`, {
      purpose: 'share_with_agency',
      agency: 'NHA-CW',
      method: 'signed',
      givenBy: 'person',
    });
    await page.getByRole('button', { name: 'Gửi đề nghị chuyển giao' }).click();
    await page.getByText('Đã gửi đề nghị chuyển giao đến', { exact: false }).waitFor();
    await checkA11y(page, 'transfer');
    const inbox = await l.call(shelter.token, 'GET', '/api/v1/referrals?box=inbox');
    expect(inbox.body.items.map((r: { kind: string; caseId: string }) => [r.kind, r.caseId])).toContainEqual([
      'transfer',
      c.id,
    ]);
  });

  it("shows the agency's response times on my work", async () => {
    const page = await pageAs(officer, '/');
    await page.getByRole('heading', { name: 'Thời gian xử lý của cơ quan' }).waitFor();
    await page.getByRole('rowheader', { name: 'Từ xác định nạn nhân đến dịch vụ đầu tiên (ngày)' }).waitFor();
    await checkA11y(page, 'home with response times');
  });

  it('says a taken e-mail is taken, by the e-mail field, in Vietnamese', async () => {
    const admin = await l.user(police, ['agency_admin']);
    const page = await pageAs(admin, '/admin');
    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    await page.getByLabel('Email').fill(officer.email);
    await page.getByLabel('Họ tên').fill('Cán bộ Trùng');
    await page.getByRole('group', { name: 'Vai trò' }).getByRole('checkbox').first().check();
    await page.locator('form.inline-form button[type=submit]').click();
    const alert = page.getByRole('alert');
    await alert.getByText('Email này đã được dùng cho một tài khoản khác.', { exact: false }).waitFor();
    const text = await alert.innerText();
    expect(text).not.toContain('Không thể thực hiện lúc này');
    expect(text).not.toMatch(/already exists|body\./);
    expect(text).toContain('Email: đã được dùng cho một tài khoản khác');
  });

  it('folds the screening form by dimension, keeps the result in view and jumps to deciding questions', async () => {
    const c = await openCase(officer, { exploitationTypes: ['forced_labour'] });
    const page = await pageAs(officer, `/cases/${c.id}/screening`, { width: 390, height: 844 });
    const sticky = page.locator('.screening-sticky');
    await sticky.waitFor();
    await sticky.getByText('Đã trả lời 0/', { exact: false }).waitFor();
    // Source note in Vietnamese.
    await page.getByText('ILO (2009), Các chỉ số hoạt động về mua bán người', { exact: false }).first().waitFor();
    // Every dimension folds; its progress is in its summary.
    const groups = page.locator('details.dimension-group');
    expect(await groups.count()).toBeGreaterThan(3);
    await page.getByRole('button', { name: 'Thu gọn tất cả' }).click();
    expect(await page.locator('details.dimension-group[open]').count()).toBe(0);
    // The jump opens the dimension of a question that could change the outcome and focuses it.
    await page.getByRole('button', { name: /Đến câu có thể thay đổi kết quả/ }).click();
    await page.locator('details.dimension-group[open]').first().waitFor();
    const focused = await page.evaluate(`document.activeElement?.closest('fieldset.answer-ask') !== null`);
    expect(focused).toBe(true);
    // Answering counts in the progress; the summary stays on screen while scrolling.
    await page.evaluate('document.activeElement.click()');
    await sticky.getByText('Đã trả lời 1/', { exact: false }).waitFor();
    await page.mouse.wheel(0, 3000);
    const box = await sticky.boundingBox();
    expect(box && box.y >= -1 && box.y < 844).toBe(true);
    await checkA11y(page, 'screening at phone width');
  });
});
