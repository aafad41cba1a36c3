// End to end, issue 10's screens in chromium: a data steward imports a demo agency's
// spreadsheet with a progress bar and commits it; runs linkage and decides candidate pairs,
// merging a duplicate within one agency; the agency undoes the merge and asks to be put in
// touch about a person another agency knows; an officer registering a person is warned that
// the person may already be registered, and is never stopped. Each screen is checked with axe.
//
// Like web.test.ts: a real Lantern (embedded database, in memory) serving the built web app;
// each test makes the agencies, users and persons it needs and checks its pages for CSP
// violations and script errors.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { shot } from './pages.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable, ensureWebBuilt } from './chromium.js';
import { personInput, startLantern, type TestLantern, type TestUser } from '../support/harness.js';

const available = chromiumAvailable();
const DEMO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data/demo-imports');
const DESKTOP = { width: 1024, height: 768 };
const TABLET = { width: 768, height: 1024 };
const PHONE = { width: 390, height: 844 };

describe.skipIf(!available)('consolidation screens, end to end in chromium', { timeout: 180_000 }, () => {
  let l: TestLantern;
  let base = '';
  let browser: Browser;
  let steward: TestUser;
  let cspViolations: string[] = [];
  let pageErrors: string[] = [];
  let contexts: BrowserContext[] = [];

  async function pageAs(user: TestUser, at = '/', viewport = DESKTOP): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    contexts.push(context);
    await context.addCookies([
      { name: 'lantern_session', value: user.token, url: base, httpOnly: true, sameSite: 'Strict' },
    ]);
    // Remembers whether a progress bar was ever on the page (a quick job may end between two looks).
    await context.addInitScript(`window.progressSeen = 0;
      new MutationObserver(() => { if (document.querySelector('progress')) window.progressSeen += 1; })
        .observe(document, { childList: true, subtree: true });`);
    const page = await context.newPage();
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${base}${at}`);
    return page;
  }

  async function checkA11y(page: Page, screen: string) {
    if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(axe.source);
    const violations =
      (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })))`)) as {
        id: string;
        impact: string;
      }[];
    expect(
      violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
      `axe on ${screen}`,
    ).toEqual([]);
  }

  /** A person and a case registered through the API by `user`. */
  async function openCase(user: TestUser, person: Record<string, unknown>) {
    const p = await l.call(user.token, 'POST', '/api/v1/persons', personInput(person));
    if (p.status !== 201) throw new Error(`setup: person ${p.status} ${JSON.stringify(p.body)}`);
    const c = await l.call(user.token, 'POST', '/api/v1/cases', { personId: p.body.id, reachedVia: 'hotline' });
    if (c.status !== 201) throw new Error(`setup: case ${c.status} ${JSON.stringify(c.body)}`);
    return { personId: p.body.id as string, caseId: c.body.id as string };
  }

  /** Persons with other names and dates of birth, so that the model has something to tell apart. */
  async function others(user: TestUser, n: number, seed: number) {
    const family = ['Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô'];
    const given = ['An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Hải', 'Khánh', 'Linh', 'Mai', 'Phúc', 'Quân', 'Sơn', 'Tâm'];
    for (let i = 0; i < n; i++) {
      const k = i + seed;
      await openCase(user, {
        familyName: family[k % family.length],
        middleName: k % 3 ? 'Văn' : 'Thị',
        givenName: given[(k * 7) % given.length],
        sex: k % 3 ? 'male' : 'female',
        estimatedAgeYears: undefined,
        dateOfBirth: `19${60 + (k % 40)}-${String(1 + (k % 12)).padStart(2, '0')}-${String(1 + ((k * 3) % 28)).padStart(2, '0')}`,
      });
    }
  }

  // A Lantern of its own for each test: the review queue and the counts are the whole registry's,
  // so another test's imports would change what this one sees.
  beforeAll(async () => {
    await ensureWebBuilt();
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    cspViolations = [];
    pageErrors = [];
    contexts = [];
    l = await startLantern('pglite');
    await l.app.listen({ host: '127.0.0.1', port: 0 });
    const address = l.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    steward = await l.user(await l.agency('DATA-UNIT', 'ministry'), ['data_steward']);
  });

  afterEach(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await l?.stop();
    expect(cspViolations, 'Content-Security-Policy violations').toEqual([]);
    expect(pageErrors, 'errors in the page').toEqual([]);
  });

  it('imports a demo spreadsheet: dry run with a progress bar, mapping, preview and rejects, then the import', async () => {
    await l.agency('DEMO-CA-HN', 'police');
    const page = await pageAs(steward, '/imports');
    await page.getByRole('heading', { level: 1, name: 'Nhập dữ liệu từ bảng tính' }).waitFor();
    await page.getByText('Chưa có lần nhập nào.').waitFor();
    await checkA11y(page, 'imports');
    // Nothing chosen: the form says what is missing, in Vietnamese.
    await page.getByRole('button', { name: 'Tải lên và xem trước' }).click();
    await page.getByText('Chọn cơ quan sở hữu các hồ sơ này.').waitFor();
    // The steward picks the agency whose records these are.
    await page.getByLabel('Cơ quan').selectOption('DEMO-CA-HN');
    await page.getByLabel('Tệp CSV hoặc XLSX').setInputFiles(path.join(DEMO, 'police.csv'));
    await page.getByRole('button', { name: 'Tải lên và xem trước' }).click();
    await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
    const importId = page.url().split('/').pop()!;

    // The dry run's progress, then what it found: the mapping, the preview and the rejects.
    await page.getByRole('heading', { level: 2, name: 'Ghép cột' }).waitFor();
    expect(await page.evaluate('window.progressSeen')).toBeGreaterThan(0);
    const mapping = page.getByRole('table').filter({ hasText: 'Tiêu đề trong tệp' });
    await expect.poll(() => mapping.getByRole('combobox', { name: 'Mã hồ sơ' }).inputValue()).toBe('source_id');
    await mapping
      .getByRole('row', { name: /Mã hồ sơ/ })
      .getByText('Tự nhận biết theo tên')
      .waitFor();
    expect(await mapping.getByRole('combobox', { name: 'STT' }).inputValue()).toBe('');
    await page.getByRole('heading', { level: 2, name: 'Xem trước' }).waitFor();
    await page.getByRole('cell', { name: 'CA-HN-2023-01000' }).waitFor();
    await page.getByRole('cell', { name: 'Hồ Thị Hằng' }).waitFor();
    // Six rows are rejected on purpose (ground-truth.csv), each with its line and reasons.
    await page.getByRole('heading', { level: 2, name: 'Dòng bị loại (6)' }).waitFor();
    const rejects = page.getByRole('link', { name: 'Tải về các dòng bị loại (CSV)' });
    expect(await rejects.getAttribute('href')).toBe(`/api/v1/imports/${importId}/rejects.csv`);
    const csv = await page.evaluate(
      async (href) => (await fetch(href!, { credentials: 'same-origin' })).text(),
      await rejects.getAttribute('href'),
    );
    expect(csv.split(/\r?\n/).filter(Boolean).length).toBe(7); // a header and six rows
    await checkA11y(page, 'import: dry run');
    await shot(page, 'import-dry-run');

    // Nothing stored yet; then the valid rows are imported, with a progress bar, and counted.
    const before = await l.call(steward.token, 'GET', `/api/v1/imports/${importId}`);
    expect(before.body).toMatchObject({ state: 'previewed', counts: { imported: 0, rejected: 6 } });
    const valid = before.body.counts.valid as number;
    await page.evaluate('window.progressSeen = 0');
    await page.getByRole('button', { name: `Nhập ${valid} dòng hợp lệ` }).click();
    await page.getByText(/^Đã nhập xong: \d+ người mới, 0 người được cập nhật, 6 dòng bị loại\.$/).waitFor();
    expect(await page.evaluate('window.progressSeen')).toBeGreaterThan(0);
    const after = await l.call(steward.token, 'GET', `/api/v1/imports/${importId}`);
    expect(after.body.state).toBe('imported');
    expect(after.body.counts.imported + after.body.counts.updated).toBe(valid);
    await checkA11y(page, 'import: summary');

    // The list of past imports, on a phone.
    const phone = await pageAs(steward, '/imports', PHONE);
    await phone.getByRole('link', { name: 'police.csv' }).waitFor();
    await phone.getByText('Đã nhập', { exact: true }).waitFor();
    await checkA11y(phone, 'imports on a phone');
  });

  it('converts a file typed in the TCVN3 font, and re-reads a file after a column is mapped by hand', async () => {
    await l.agency('DEMO-DDN', 'hotline');
    await l.agency('DEMO-IO-HN', 'international_org');
    const page = await pageAs(steward, '/imports', TABLET);
    await page.getByRole('heading', { level: 1, name: 'Nhập dữ liệu từ bảng tính' }).waitFor();
    await page.getByLabel('Cơ quan').selectOption('DEMO-DDN');
    await page.getByLabel('Tệp CSV hoặc XLSX').setInputFiles(path.join(DEMO, 'hotline-tcvn3.csv'));
    await page.getByText('hotline-tcvn3.csv', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Tải lên và xem trước' }).click();
    await page.getByRole('heading', { level: 2, name: 'Ghép cột' }).waitFor();
    // The columns typed in the old font are named, and their text reads as Vietnamese.
    const converted = page.locator('.message', { hasText: 'đã được chuyển sang Unicode' });
    await converted
      .getByText(/TCVN3 \(ABC\)/)
      .first()
      .waitFor();
    await page.getByRole('cell', { name: 'Nguyễn Ngọc Nga' }).waitFor();
    await checkA11y(page, 'import: legacy font converted');

    // HTCDS's hte_Country is mapped by hand: the dry run runs again and says it was chosen.
    await page.goto(`${base}/imports`);
    await page.getByLabel('Cơ quan').selectOption('DEMO-IO-HN');
    await page.getByLabel('Tệp CSV hoặc XLSX').setInputFiles(path.join(DEMO, 'iom-htcds.csv'));
    await page.getByRole('button', { name: 'Tải lên và xem trước' }).click();
    await page.getByRole('heading', { level: 2, name: 'Ghép cột' }).waitFor();
    const mapping = page.getByRole('table').filter({ hasText: 'Tiêu đề trong tệp' });
    const country = mapping.getByRole('combobox', { name: 'hte_Country' });
    await expect.poll(() => country.inputValue()).toBe('');
    await mapping
      .getByRole('row', { name: /hte_Country/ })
      .getByText('Chưa ghép')
      .waitFor();
    await country.selectOption('destination_country');
    await page.evaluate('window.progressSeen = 0');
    await page.getByRole('button', { name: 'Áp dụng và đọc thử lại' }).click();
    await mapping
      .getByRole('row', { name: /hte_Country/ })
      .getByText('Đã chọn cho tệp này')
      .waitFor();
    expect(await page.evaluate('window.progressSeen')).toBeGreaterThan(0);
    expect(await country.inputValue()).toBe('destination_country');
  });

  it('a steward runs linkage, decides pairs and merges a duplicate; the agency undoes it and asks to be put in touch', async () => {
    const police = await l.agency('POLICE-LK', 'police');
    const shelter = await l.agency('SHELTER-LK', 'shelter');
    const investigator = await l.user(police, ['investigator']);
    const caseworker = await l.user(shelter, ['caseworker']);
    await others(investigator, 20, 0);
    await others(caseworker, 20, 20);
    // One person registered twice by the police (same ID number and phone), and known to the shelter too.
    const kept = await openCase(investigator, {
      familyName: 'Nguyễn',
      middleName: 'Thị',
      givenName: 'Lan',
      estimatedAgeYears: undefined,
      dateOfBirth: '1990-05-12',
      contact: { phone: '0912345678' },
      identityDocuments: [{ type: 'citizen_id_card', number: '001190012345' }],
    });
    const twice = await openCase(investigator, {
      familyName: 'NGUYEN',
      middleName: 'THI',
      givenName: 'LAN',
      estimatedAgeYears: undefined,
      dateOfBirth: '1990-05-12',
      contact: { phone: '+84912345678' },
      identityDocuments: [{ type: 'citizen_id_card', number: '001190012345' }],
    });
    const atShelter = await openCase(caseworker, {
      familyName: 'Nguyễn',
      middleName: 'Thị',
      givenName: 'Lan',
      estimatedAgeYears: undefined,
      dateOfBirth: '1990-12-05',
    });

    // The overview: a run with its progress bar, then the counts as charts and tables.
    const page = await pageAs(steward, '/linkage');
    await page.getByRole('heading', { level: 1, name: 'Liên kết hồ sơ' }).waitFor();
    await page.getByText('Chưa chạy lần nào.').waitFor();
    await page.getByRole('button', { name: 'Chạy liên kết ngay' }).click();
    await page.getByText('Đã chạy xong. Các số liệu trên đã được cập nhật.').waitFor({ timeout: 60_000 });
    expect(await page.evaluate('window.progressSeen')).toBeGreaterThan(0);
    const persons = page.getByRole('table').filter({ hasText: 'Số người khác nhau' });
    await persons.getByRole('row', { name: /Hồ sơ trong cơ sở dữ liệu/ }).waitFor();
    await page.getByRole('img', { name: 'Hồ sơ và số người' }).waitFor();
    await checkA11y(page, 'linkage overview');
    await shot(page, 'linkage-overview');

    // The steward's home is the review queue: the strongest pair first, side by side.
    await page
      .getByRole('navigation', { name: 'Điều hướng chính' })
      .getByRole('link', { name: 'Cặp cần xem xét' })
      .waitFor();
    await page.goto(`${base}/`);
    await page.getByRole('heading', { level: 1, name: 'Xem xét các cặp hồ sơ' }).waitFor();
    const pair = page.locator('section.pair');
    await pair.getByRole('heading', { name: /^Cặp 1 \/ \d+$/ }).waitFor();
    await pair.getByRole('cell', { name: 'NGUYEN THI LAN' }).waitFor();
    await pair.getByRole('cell', { name: 'Nguyễn Thị Lan' }).first().waitFor();
    await pair
      .getByText(/^trùng khớp hoàn toàn · trọng số/)
      .first()
      .waitFor();
    await pair.getByText(/^Xác suất là cùng một người: [\d,]+ %/).waitFor();
    // Never contact details or documents: the last digits only.
    expect(await pair.textContent()).not.toContain('0912345678');
    expect(await pair.textContent()).not.toContain('001190012345');
    await pair.getByRole('cell', { name: '…345' }).first().waitFor();
    await checkA11y(page, 'review queue');
    await shot(page, 'review-queue');

    // "1" decides "same person"; within one agency, the steward may merge.
    await page.keyboard.press('1');
    await page.getByRole('heading', { name: 'Đã ghi nhận: cùng một người' }).waitFor();
    await page.getByRole('button', { name: 'Gộp thành một người' }).click();
    await page.getByText('Đã gộp. 1 hồ sơ đã được chuyển sang người này.').waitFor();
    expect((await l.call(investigator.token, 'GET', `/api/v1/persons/${twice.personId}`)).status).not.toBe(200);
    await page.getByRole('button', { name: 'Cặp tiếp theo' }).click();

    // The shelter's record: "same person" across agencies links, it never merges.
    const next = page.locator('section.pair');
    await next.getByRole('cell', { name: 'Agency SHELTER-LK' }).waitFor();
    await next.getByRole('button', { name: /^Cùng một người/ }).click();
    await page.getByRole('link', { name: 'Đã quyết định' }).click();
    const decided = page.getByRole('table');
    await decided.getByRole('row', { name: /NGUYEN THI LAN.*Cùng một người · đã gộp/ }).waitFor();
    await decided.getByRole('row', { name: /SHELTER-LK.*Cùng một người/ }).waitFor();
    await checkA11y(page, 'decided pairs');

    // The shelter sees only that another agency knows the person, and asks to be put in touch.
    const shelterPage = await pageAs(caseworker, `/cases/${atShelter.caseId}`, TABLET);
    await shelterPage.getByText('Người này cũng được một cơ quan khác biết đến.').waitFor();
    expect(await shelterPage.getByText('POLICE-LK').count()).toBe(0);
    await shelterPage.getByRole('button', { name: 'Đề nghị đơn vị dữ liệu kết nối chúng tôi' }).click();
    await shelterPage.getByLabel('Ghi chú cho đơn vị dữ liệu').fill('Cần phối hợp hỗ trợ tái hòa nhập.');
    await shelterPage.getByRole('button', { name: 'Gửi đề nghị' }).click();
    await shelterPage.getByText('Đã gửi đề nghị kết nối; đơn vị dữ liệu sẽ liên hệ.').waitFor();
    await checkA11y(shelterPage, 'case file: known to another agency');
    await shot(shelterPage, 'known-to-another-agency');
    await page.getByRole('link', { name: 'Yêu cầu kết nối' }).click();
    await page.getByRole('cell', { name: 'Cần phối hợp hỗ trợ tái hòa nhập.' }).waitFor();

    // The police see the merge in the person's history and undo it: both records are back.
    const policePage = await pageAs(investigator, `/cases/${kept.caseId}`);
    const panel = policePage.locator('section', { has: policePage.getByRole('heading', { name: 'Liên kết hồ sơ' }) });
    await panel.getByText(/^Đã gộp ·/).waitFor();
    await panel.getByRole('button', { name: 'Hoàn tác gộp' }).click();
    await panel.getByText(/^Đã hoàn tác gộp ·/).waitFor();
    expect((await l.call(investigator.token, 'GET', `/api/v1/persons/${twice.personId}`)).status).toBe(200);
    expect((await l.call(investigator.token, 'GET', `/api/v1/cases/${twice.caseId}`)).body.personId).toBe(
      twice.personId,
    );

    // And merge it again from the person's panel, picking the duplicate by name.
    await panel.getByRole('button', { name: 'Gộp một hồ sơ trùng' }).click();
    await panel.getByLabel('Tìm theo tên, hoặc dán mã người').fill('nguyen thi lan');
    await panel.getByRole('button', { name: 'Tìm' }).click();
    await panel.getByRole('radio', { name: /NGUYEN THI LAN/ }).check();
    await panel.getByText('Gộp NGUYEN THI LAN vào người này?').waitFor();
    await checkA11y(policePage, 'case file: merge a duplicate');
    await panel.getByRole('button', { name: 'Gộp thành một người' }).click();
    await panel.getByText('Đã gộp. 1 hồ sơ đã được chuyển sang người này.').waitFor();
    expect((await l.call(investigator.token, 'GET', `/api/v1/cases/${twice.caseId}`)).body.personId).toBe(
      kept.personId,
    );
  });

  it('warns an officer registering a person who may already be registered, and never stops them', async () => {
    const police = await l.agency('POLICE-REG', 'police');
    const border = await l.agency('BORDER-REG', 'border_guard');
    const officer = await l.user(police, ['investigator']);
    const guard = await l.user(border, ['investigator']);
    const mai = await openCase(officer, {
      familyName: 'Trần',
      middleName: 'Thị',
      givenName: 'Mai',
      estimatedAgeYears: undefined,
      dateOfBirth: '1995-03-08',
    });
    await openCase(guard, {
      familyName: 'Phạm',
      middleName: 'Văn',
      givenName: 'Hùng',
      sex: 'male',
      estimatedAgeYears: undefined,
      dateOfBirth: '1988-11-20',
    });

    const page = await pageAs(officer, '/cases/new');
    await page.getByRole('heading', { level: 1, name: 'Đăng ký người và mở hồ sơ' }).waitFor();
    // Typed without diacritics: the check still finds the person this agency registered.
    await page.getByLabel('Họ', { exact: true }).fill('Tran');
    await page.getByLabel('Tên đệm').fill('Thi');
    await page.getByLabel('Tên', { exact: true }).fill('Mai');
    await page.getByLabel('Nữ', { exact: true }).check();
    await page.getByLabel('Biết ngày sinh').check();
    await page.locator('input[type=date]').fill('1995-03-08');
    const warning = page.getByRole('status').filter({ hasText: 'Người này có thể đã được đăng ký.' });
    await warning.waitFor();
    const link = warning.getByRole('link', { name: 'Trần Thị Mai' });
    expect(await link.getAttribute('href')).toBe(`/persons/${mai.personId}`);
    await checkA11y(page, 'register: may already be registered');
    await shot(page, 'register-may-exist');

    // Another agency's person: only that another agency knows them, no name, no link.
    await page.getByLabel('Họ', { exact: true }).fill('Pham');
    await page.getByLabel('Tên đệm').fill('Van');
    await page.getByLabel('Tên', { exact: true }).fill('Hung');
    await page.getByLabel('Nam', { exact: true }).check();
    await page.locator('input[type=date]').fill('1988-11-20');
    await warning.getByText('Một người tương tự được cơ quan khác biết đến.').waitFor();
    await expect.poll(() => warning.getByRole('link').count()).toBe(0);
    expect(await warning.textContent()).not.toContain('Phạm');

    // Never blocking: the officer goes on to the next step.
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.getByRole('heading', { level: 2, name: 'Hồ sơ' }).waitFor();

    // The own agency's match opens on its own screen.
    const person = await pageAs(officer, `/persons/${mai.personId}`);
    await person.getByRole('heading', { level: 1, name: 'Trần Thị Mai' }).waitFor();
    await person.getByRole('heading', { level: 2, name: 'Liên kết hồ sơ' }).waitFor();
    await person.getByText('Chưa có lần gộp hay liên kết nào.').waitFor();
    await checkA11y(person, 'person');
  });
});
