// End to end: a real Lantern (embedded database, in memory) serving the built web
// app, driven in Debian's chromium. Walks the main screens as officers of two
// agencies and an agency administrator would, checks each screen with axe-core,
// and (LANTERN_SCREENSHOTS=1, `npm run screenshots`) saves docs/screenshots/*.png.
//
// Each test stands alone: it makes the users, agencies, persons and cases it needs
// through the API, opens its own browser pages (signed in by the session cookie
// unless signing in is what it tests), and checks its own pages for CSP violations
// and script errors. Any test runs alone (`npx vitest run test/e2e -t "<name>"`), and
// one that fails leaves the others green.
import axe from 'axe-core';
import { sql } from 'kysely';
import * as OTPAuth from 'otpauth';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { revokeAllSessionsOf } from '../../src/access/sessions.js';
import { addDays, today } from '../../src/contract/calendar.js';
import type { AgencyKind, Role } from '../../src/contract/codes.js';
import { shot } from './pages.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable, ensureWebBuilt } from './chromium.js';
import { personInput, startLantern, type TestLantern, type TestUser } from '../support/harness.js';

const available = chromiumAvailable();
if (!available)
  console.warn(`e2e web tests skipped: ${CHROMIUM_PATH} is absent (apt-get install chromium; .ci/run installs it).`);

const DESKTOP = { width: 1024, height: 768 };
const PHONE = { width: 390, height: 844 };

/** Synthetic persons and cases registered through the API, so that lists page and search has something to skip. */
async function registerOthers(l: TestLantern, user: TestUser, n: number) {
  const family = ['Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô'];
  const middle = ['Văn', 'Thị', 'Minh', 'Quốc', 'Thanh'];
  const given = ['An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Hải', 'Khánh', 'Linh', 'Mai', 'Phúc', 'Quân', 'Sơn', 'Tâm'];
  const types = ['forced_labour', 'sexual_exploitation', 'forced_criminality', 'forced_marriage'];
  const destinations = ['KH', 'MY', 'TH', 'CN', 'LA', 'MM'];
  for (let i = 0; i < n; i++) {
    await openCase(l, user, {
      person: {
        familyName: family[i % family.length],
        middleName: middle[i % middle.length],
        givenName: given[i % given.length],
        sex: i % 3 === 0 ? 'male' : 'female',
        estimatedAgeYears: 16 + ((i * 7) % 30),
      },
      case: {
        reachedVia: i % 2 ? 'repatriation' : 'hotline',
        exploitationTypes: [types[i % types.length]],
        route: { destinationCountry: destinations[i % destinations.length] },
      },
    });
  }
}

/** A person and a case registered through the API by `user` (whose agency owns them). */
async function openCase(
  l: TestLantern,
  user: TestUser,
  input: { person?: Record<string, unknown>; case?: Record<string, unknown> } = {},
): Promise<{ id: string; reference: string; personId: string }> {
  const person = await l.call(user.token, 'POST', '/api/v1/persons', personInput(input.person));
  if (person.status !== 201) throw new Error(`setup: person ${person.status} ${JSON.stringify(person.body)}`);
  const created = await l.call(user.token, 'POST', '/api/v1/cases', {
    personId: person.body.id,
    reachedVia: 'hotline',
    ...input.case,
  });
  if (created.status !== 201) throw new Error(`setup: case ${created.status} ${JSON.stringify(created.body)}`);
  return { id: created.body.id, reference: created.body.reference, personId: person.body.id };
}

describe.skipIf(!available)('web app, end to end in chromium', { timeout: 120_000 }, () => {
  let l: TestLantern;
  let base = '';
  let browser: Browser;
  // Shared by the tests that only read with them; a test that changes a user (language,
  // sessions, password, second factor) makes its own.
  let police = ''; // POLICE-HN, the agency that registers persons
  let officer: TestUser; // investigator of POLICE-HN
  let shelter: TestUser; // caseworker of SHELTER-HN, the shelter cases are referred to
  // What the current test's pages report; checked after each test.
  let cspViolations: string[] = [];
  let pageErrors: string[] = [];
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

  /** A page signed in as `user` (their API session, as the cookie the sign-in screen would set), open at `at`. */
  async function pageAs(user: TestUser, at = '/', viewport = DESKTOP): Promise<Page> {
    const page = await newPage(viewport);
    await page
      .context()
      .addCookies([{ name: 'lantern_session', value: user.token, url: base, httpOnly: true, sameSite: 'Strict' }]);
    await page.goto(`${base}${at}`);
    return page;
  }

  /** Signs in through the sign-in screen. */
  async function signIn(page: Page, user: TestUser) {
    await page.goto(`${base}/`);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Mật khẩu').fill(user.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
  }

  /** A new agency for one test (its code is shown on screens), and a signed-in user of it. */
  async function agencyWithUser(code: string, kind: AgencyKind, roles: Role[]) {
    const id = await l.agency(code, kind);
    return { id, user: await l.user(id, roles) };
  }

  /** axe-core on the page as it is: no serious or critical violation. */
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

  beforeAll(async () => {
    await ensureWebBuilt();
    l = await startLantern('pglite');
    await l.app.listen({ host: '127.0.0.1', port: 0 });
    const address = l.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    police = await l.agency('POLICE-HN', 'police');
    officer = await l.user(police, ['investigator']);
    shelter = await l.user(await l.agency('SHELTER-HN', 'shelter'), ['caseworker']);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await l?.stop();
  });

  beforeEach(() => {
    cspViolations = [];
    pageErrors = [];
    contexts = [];
  });

  // Every test's pages ran under the Content-Security-Policy without violations or script errors.
  afterEach(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    expect(cspViolations, 'Content-Security-Policy violations').toEqual([]);
    expect(pageErrors, 'errors in the page').toEqual([]);
  });

  it('signs in with email and password and shows my work', async () => {
    const newcomer = await l.user(police, ['investigator'], { signIn: false });
    const page = await newPage();
    await page.goto(`${base}/`);
    await page.locator('input[type=email]').waitFor();
    expect(await page.locator('input[type=email]').count()).toBe(1);
    expect(await page.locator('input[type=password]').count()).toBe(1);
    expect(await page.locator('form button[type=submit]').count()).toBe(1);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    await checkA11y(page, 'sign-in');
    await shot(page, 'sign-in');

    // A wrong password is refused with a message in Vietnamese.
    await page.getByLabel('Email').fill(newcomer.email);
    await page.getByLabel('Mật khẩu').fill('not the password at all');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByText('Email hoặc mật khẩu không đúng').waitFor();

    await signIn(page, newcomer);
    await page.getByRole('heading', { level: 1, name: 'Việc của tôi' }).waitFor();
    await page.getByRole('heading', { name: 'Xác minh quá hạn' }).waitFor();
    await page.getByText('Bạn chưa phụ trách hồ sơ nào đang xử lý.').waitFor();
    // The menu follows what the server says this user may do: casework, no administration.
    const menu = page.getByRole('navigation', { name: 'Điều hướng chính' });
    await menu.getByRole('link', { name: 'Đăng ký mới' }).waitFor();
    expect(await menu.getByRole('link', { name: 'Quản trị' }).count()).toBe(0);
    // Nothing personal in localStorage: at most the language.
    const stored = (await page.evaluate('Object.keys(localStorage)')) as string[];
    expect(stored.every((k) => k === 'lantern.language')).toBe(true);
    await checkA11y(page, 'home');
  });

  it('registers a person with Vietnamese diacritics and no documents, and opens a case', async () => {
    const page = await pageAs(officer, '/cases/new');
    await page.getByRole('heading', { level: 1, name: 'Đăng ký người và mở hồ sơ' }).waitFor();
    await checkA11y(page, 'register: person');
    // Validation before going on: a name is needed.
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.getByText('Cần ít nhất họ, tên hoặc một tên gọi khác.').waitFor();
    await page.getByLabel('Họ', { exact: true }).fill('Nguyễn');
    await page.getByLabel('Tên đệm').fill('Thị Hồng');
    await page.getByLabel('Tên', { exact: true }).fill('Nhung');
    await page.getByLabel('Nữ', { exact: true }).check();
    await page.getByLabel('Tuổi ước tính').fill('17');
    await page.getByLabel('Quốc tịch').selectOption('unknown');
    await page.getByLabel('Tiếng Việt', { exact: true }).check();
    await shot(page, 'register');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();

    await page.getByRole('heading', { level: 2, name: 'Hồ sơ' }).waitFor();
    await page.getByLabel('Cách tiếp nhận').selectOption('border_screening');
    await page.getByLabel('Cưỡng bức phạm tội', { exact: false }).check();
    await page.getByLabel('Nước đến').selectOption('KH');
    await page
      .getByLabel('Tường trình')
      .fill('Được tuyển qua quảng cáo việc làm trên mạng; bị giữ tại khu lừa đảo trực tuyến.');
    await checkA11y(page, 'register: case');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();

    await page.getByRole('heading', { level: 2, name: 'Kiểm tra và lưu' }).waitFor();
    await page.getByText('Nguyễn Thị Hồng Nhung').first().waitFor();
    // The age and minority the server will derive, by the same rule.
    await page.getByText('khoảng 17 tuổi · chưa thành niên').waitFor();
    await page.getByRole('button', { name: 'Đăng ký và mở hồ sơ' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const caseId = page.url().split('/').pop()!;
    await page.getByRole('heading', { name: 'Người', exact: true }).waitFor();
    await page.getByText('Nguyễn Thị Hồng Nhung').first().waitFor();
    await page
      .getByRole('definition')
      .filter({ hasText: /^Không rõ$/ })
      .first()
      .waitFor(); // citizenship unknown

    // Stored as typed, with diacritics, and minor derived from the estimate made today.
    const stored = await l.call(officer.token, 'GET', `/api/v1/cases/${caseId}`);
    expect(stored.body.person).toMatchObject({
      displayName: 'Nguyễn Thị Hồng Nhung',
      isMinor: true,
      citizenship: 'unknown',
    });
    expect(stored.body.route.destinationCountry).toBe('KH');
    const person = await l.call(officer.token, 'GET', `/api/v1/persons/${stored.body.personId}`);
    expect(person.body.ageEstimatedOn).toBe(today());

    // The next step of the statutory path, with a reason.
    await page.getByRole('button', { name: 'Chuyển sang: Đang xác minh' }).click();
    await page.getByLabel('Lý do chuyển sang').fill('Tiếp nhận tại cửa khẩu, bắt đầu xác minh.');
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByText('Đã chuyển sang “Đang xác minh”.').waitFor();
    await checkA11y(page, 'case file: overview');
    await shot(page, 'case-file');

    await page.getByRole('link', { name: 'Diễn biến' }).click();
    await page.getByText('Tiếp nhận tại cửa khẩu, bắt đầu xác minh.').waitFor();
    await checkA11y(page, 'case file: timeline');
  });

  it('finds a case by the name typed without accents, and pages a long list', async () => {
    // An agency of its own, so that the list holds exactly its 28 cases.
    const { user } = await agencyWithUser('POLICE-DN', 'police', ['investigator']);
    await registerOthers(l, user, 27);
    const nhung = await openCase(l, user, {
      person: { familyName: 'Nguyễn', middleName: 'Thị Hồng', givenName: 'Nhung', estimatedAgeYears: 17 },
      case: {
        reachedVia: 'border_screening',
        exploitationTypes: ['forced_criminality'],
        route: { destinationCountry: 'KH' },
      },
    });
    const page = await pageAs(user, '/cases');
    await page.getByRole('heading', { level: 1, name: 'Hồ sơ' }).waitFor();
    // 28 cases: a page of 25, then "more".
    await page.getByText('Đang hiện 25 trên 28 hồ sơ').waitFor();
    await page.getByRole('button', { name: 'Xem thêm' }).click();
    await page.getByText('Tìm thấy 28 hồ sơ').waitFor();
    expect(await page.locator('table.cases tbody tr').count()).toBe(28);
    expect(await page.locator('input[type=search]').count()).toBe(1);
    await page.locator('input[type=search]').fill('nguyen thi hong nhung');
    await expect.poll(() => page.url()).toContain('q=nguyen+thi+hong+nhung');
    await page.getByRole('cell', { name: 'Nguyễn Thị Hồng Nhung' }).waitFor();
    await page.getByRole('link', { name: nhung.reference }).waitFor();
    // Filters narrow the list: this case is not in "closed".
    await page.getByLabel('Trạng thái').selectOption('closed');
    await page.getByText('Không tìm thấy hồ sơ nào.').waitFor();
    await page.getByLabel('Trạng thái').selectOption('');
    await page.getByRole('cell', { name: 'Nguyễn Thị Hồng Nhung' }).waitFor();
    await checkA11y(page, 'case list');
    await shot(page, 'case-list');
  });

  it('screens an adult labour case: the outcome updates live, questions that matter are marked, finalising moves the case to verification', async () => {
    // An adult (30) with forced labour, still "received".
    const screened = await openCase(l, officer, {
      person: { familyName: 'Lý', middleName: 'Văn', givenName: 'Tùng', sex: 'male', estimatedAgeYears: 30 },
      case: { reachedVia: 'hotline', exploitationTypes: ['forced_labour'], route: { destinationCountry: 'MY' } },
    });
    const page = await pageAs(officer, `/cases/${screened.id}`);
    await page.getByRole('navigation', { name: 'Các phần của hồ sơ' }).getByRole('link', { name: 'Sàng lọc' }).click();
    await page.getByRole('heading', { level: 2, name: 'Sàng lọc' }).waitFor();
    await page.getByText('Chưa có lần sàng lọc nào.').waitFor();
    // The set follows the person and the case: adult, labour.
    expect(await page.getByLabel('Bộ chỉ số').inputValue()).toBe('ilo-2009-adult-labour');
    const outcome = page.getByTestId('live-outcome');
    await expect.poll(() => outcome.textContent()).toBe('Chưa đủ dấu hiệu');
    // Forced-criminality extension questions are marked as such.
    await page
      .locator('fieldset[data-question="al.dec.fc_online_job_offer"]')
      .getByText('Cưỡng bức phạm tội (bổ sung của Lantern)')
      .waitFor();
    const answer = (id: string, label: string) =>
      page.locator(`fieldset[data-question="${id}"]`).getByLabel(label, { exact: true }).check();

    await answer('al.dec.nature_of_job', 'Có');
    await answer('al.dec.wages', 'Có');
    await expect.poll(() => outcome.textContent()).toBe('Có thể là nạn nhân');
    const panel = page.getByRole('region', { name: 'Kết quả theo các câu trả lời hiện tại' });
    await panel.getByText('Tuyển mộ bằng thủ đoạn lừa dối (kể cả khi chuyển giao, vận chuyển)').waitFor();
    // Questions that could change the outcome are marked, in text as well as colour.
    await page.locator('fieldset[data-question="al.cod.documents"]').getByText('Có thể thay đổi kết quả').waitFor();
    await checkA11y(page, 'screening: questions marked');
    await shot(page, 'screening');
    await answer('al.exp.excessive_hours', 'Có');
    await answer('al.exp.low_no_pay', 'Có');
    await answer('al.cod.documents', 'Có');
    await answer('al.cod.isolation', 'Có');
    await answer('injury_marks', 'Có');
    await expect.poll(() => outcome.textContent()).toBe('Được coi là nạn nhân');
    await page.getByText('Không còn câu hỏi nào có thể thay đổi kết quả.').waitFor();
    await checkA11y(page, 'screening');

    // Location is required.
    await page.getByRole('button', { name: 'Hoàn tất', exact: true }).click();
    await page.getByText('Nhập địa điểm sàng lọc (ít nhất 2 ký tự).').waitFor();
    await page.getByLabel('Địa điểm').fill('Cửa khẩu Mộc Bài');
    await page.getByLabel('Có phiên dịch').check();
    await page.getByRole('button', { name: 'Hoàn tất', exact: true }).click();
    await page.getByText('Đã hoàn tất sàng lọc. Kết quả: Được coi là nạn nhân.').waitFor();
    await page.getByText('Hồ sơ đã chuyển sang “Đang xác minh”.').waitFor();
    await page.locator('.screen-title .badge-under_verification').getByText('Đang xác minh').waitFor();
    const past = page.getByRole('region', { name: 'Các lần sàng lọc' });
    await past.getByText('Được coi là nạn nhân').waitFor();
    await past.getByText(/Cần khám và theo dõi y tế/).waitFor();
    await checkA11y(page, 'screening: finalised');

    const stored = await l.call(officer.token, 'GET', `/api/v1/cases/${screened.id}`);
    expect(stored.body.status).toBe('under_verification');
    const screenings = await l.call(officer.token, 'GET', `/api/v1/cases/${screened.id}/screenings`);
    expect(screenings.body.items).toHaveLength(1);
    expect(screenings.body.items[0]).toMatchObject({
      status: 'final',
      outcome: 'presumed_victim',
      interpreterUsed: true,
      location: 'Cửa khẩu Mộc Bài',
      healthFlags: ['medical_follow_up'],
    });
  });

  it('offers a hotline operator screening, as the server allows', async () => {
    const { user: operator } = await agencyWithUser('HOTLINE-111', 'hotline', ['hotline_operator']);
    const called = await openCase(l, operator, {
      person: { familyName: 'Đinh', givenName: 'Hoa', estimatedAgeYears: 22 },
      case: { reachedVia: 'hotline', exploitationTypes: ['sexual_exploitation', 'forced_marriage'] },
    });
    const home = await pageAs(operator);
    await home.getByRole('heading', { level: 2, name: 'Sàng lọc cần hoàn tất' }).waitFor();
    await home.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Sàng lọc' }).click();
    await home.getByRole('heading', { level: 1, name: 'Sàng lọc tại cửa khẩu' }).waitFor();
    const page = await pageAs(operator, `/cases/${called.id}/screening`);
    await page.getByRole('heading', { level: 3, name: 'Sàng lọc mới' }).waitFor();
    // The set the server would choose: an adult, sexual exploitation and forced marriage.
    expect(await page.getByLabel('Bộ chỉ số').inputValue()).toBe('ilo-2009-adult-sexual');
    await expect.poll(() => page.getByTestId('live-outcome').textContent()).toBe('Chưa đủ dấu hiệu');
  });

  it('runs a border event: creates it, registers a returnee by form and a roster by upload (bad rows refused), and lists who is left to screen', async () => {
    // A border post of its own (its events, its queue), and a health service to invite.
    const { user: guard } = await agencyWithUser('BORDER-HL', 'border_guard', ['investigator']);
    await l.agency('YTE-TN', 'health');
    const agencies = (await l.call(guard.token, 'GET', '/api/v1/agencies')).body.items as { disabled: boolean }[];
    const page = await pageAs(guard, '/screening');
    await page.getByRole('heading', { level: 1, name: 'Sàng lọc tại cửa khẩu' }).waitFor();
    await page.getByText('Chưa có đợt nào.').waitFor();
    await checkA11y(page, 'border events');
    await page.getByRole('button', { name: 'Tạo đợt' }).click();
    await page.getByText('Chọn quốc gia mà người trở về từ đó.').waitFor();
    await page.getByLabel('Cửa khẩu').fill('Cửa khẩu Hoa Lư');
    await page.getByLabel('Trở về từ').selectOption('KH');
    await page.getByLabel('Số người dự kiến').fill('3');
    const present = page.getByRole('group', { name: 'Các cơ quan có mặt' });
    expect(await present.getByRole('checkbox').count()).toBe(agencies.filter((a) => !a.disabled).length);
    await page.getByLabel('Tìm cơ quan (tên hoặc mã)').fill('yte');
    expect(await present.getByRole('checkbox').count()).toBe(1);
    await present.getByRole('checkbox').check();
    await page.getByLabel('Tìm cơ quan (tên hoặc mã)').fill('');
    await page.getByRole('button', { name: 'Tạo đợt' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cửa khẩu Hoa Lư' }).waitFor();
    const eventId = page.url().split('/').pop()!;
    expect((await l.call(guard.token, 'GET', `/api/v1/screening/events/${eventId}`)).body.agencies).toEqual(['YTE-TN']);
    await page.getByText('Chưa có ai được đăng ký: thêm từng người hoặc tải lên danh sách.').waitFor();

    await page.getByLabel('Họ tên theo lời khai').fill('Thào Thị Mai');
    await page.getByLabel('Giới tính').selectOption('female');
    await page.getByLabel('Tuổi ước tính (năm)').fill('17');
    await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
    await page.getByText('Đã đăng ký Thào Thị Mai; hồ sơ đã được mở.').waitFor();
    // The form is cleared and the name field has the focus again, for the next person in the queue.
    expect(await page.getByLabel('Họ tên theo lời khai').inputValue()).toBe('');
    expect(await page.evaluate('document.activeElement?.id')).toBe(
      await page.getByLabel('Họ tên theo lời khai').getAttribute('id'),
    );
    const people = page.getByRole('table', { name: 'Người trở về' });
    await people.getByRole('link', { name: 'Thào Thị Mai', exact: true }).waitFor();
    await people.getByText('chưa thành niên').waitFor();

    const roster = (text: string) => ({
      name: 'danh-sach.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(text, 'utf8'),
    });
    // An old Excel file is refused before it is sent, saying what to do.
    await page.getByLabel('Tệp danh sách').setInputFiles({ ...roster('x'), name: 'danh-sach.xls' });
    await page.getByRole('button', { name: 'Tải lên và đăng ký' }).click();
    await page
      .getByText('Chỉ nhận tệp CSV hoặc XLSX. Với tệp Excel cũ (.xls), hãy lưu lại dưới dạng .xlsx hoặc CSV.')
      .waitFor();
    await page
      .getByLabel('Tệp danh sách')
      .setInputFiles(roster('Họ tên,Giới tính,Tuổi,Quốc tịch\nSok Dara,Nam,30,KH\nLê Văn Tư,Nam,300,VN\n'));
    await page.getByRole('button', { name: 'Tải lên và đăng ký' }).click();
    const rowErrors = page.getByRole('table', { name: 'Các dòng cần sửa' });
    await rowErrors.waitFor();
    expect(await rowErrors.locator('tbody tr').count()).toBe(1);
    expect(await rowErrors.locator('tbody td').first().textContent()).toBe('2');
    expect(await people.locator('tbody tr').count()).toBe(1); // nothing registered from the bad roster
    await checkA11y(page, 'border event: roster refused');

    await page
      .getByLabel('Tệp danh sách')
      .setInputFiles(roster('Họ tên,Giới tính,Tuổi,Quốc tịch\nSok Dara,Nam,30,KH\nLê Văn Tư,Nam,30,VN\n'));
    await page.getByRole('button', { name: 'Tải lên và đăng ký' }).click();
    await page.getByText('Đã đăng ký 2 người trở về.').waitFor();
    await expect.poll(() => people.locator('tbody tr').count()).toBe(3);
    const counts = page.getByRole('region', { name: 'Tình hình của đợt' });
    expect(await counts.locator('dt', { hasText: 'Chưa sàng lọc' }).locator('+ dd').textContent()).toBe('3');
    await checkA11y(page, 'border event');
    await shot(page, 'border-event');

    // Each returnee has a case in "received", and my work lists them as still to screen.
    await people.getByRole('link', { name: 'Sàng lọc Sok Dara' }).click();
    await page.getByRole('heading', { level: 2, name: 'Sàng lọc' }).waitFor();
    await page.goto(`${base}/`);
    const toFinish = page.getByRole('region', { name: 'Sàng lọc cần hoàn tất' });
    await expect.poll(() => toFinish.getByText(/chưa sàng lọc \(đợt tại cửa khẩu ngày/).count()).toBe(3);
  });

  it('refers a case after recording the consent it lacks, and the shelter accepts it', async () => {
    // A minor (17): the guardian consents.
    const referred = await openCase(l, officer, {
      person: { familyName: 'Nguyễn', middleName: 'Thị Hồng', givenName: 'Nhung', estimatedAgeYears: 17 },
      case: { reachedVia: 'border_screening', exploitationTypes: ['forced_criminality'] },
    });
    const page = await pageAs(officer, `/cases/${referred.id}/referrals`);
    await page.getByRole('button', { name: 'Chuyển gửi đến cơ quan khác' }).click();
    // The agencies to refer to: every other one, never the officer's own.
    const toAgency = page.getByLabel('Cơ quan nhận');
    expect(await toAgency.locator('option', { hasText: 'POLICE-HN' }).count()).toBe(0);
    await toAgency.selectOption('SHELTER-HN');
    await page.getByLabel('Nơi tạm trú').check();
    await page.getByRole('button', { name: 'Gửi', exact: true }).click();
    // 409 missingConsents, shown as something to do.
    await page.getByText('Người này chưa đồng ý cho việc chia sẻ này.').waitFor();
    await checkA11y(page, 'referral: missing consent');
    await shot(page, 'referral-consent');
    await page.getByRole('button', { name: /Ghi nhận đồng ý: chia sẻ với/ }).click();
    expect(await page.getByLabel('Người đồng ý').inputValue()).toBe('guardian');
    await page.getByRole('button', { name: 'Lưu sự đồng ý' }).click();
    await page.getByText('Đã chuyển gửi đến Agency SHELTER-HN.').waitFor();
    await page.locator('.card').getByText('Đang chờ').waitFor();
    // The sender may revoke it, not answer it.
    const sent = page.locator('.card', { hasText: referred.reference });
    await sent.getByRole('button', { name: 'Thu hồi' }).waitFor();
    expect(await sent.getByRole('button', { name: 'Chấp nhận' }).count()).toBe(0);

    const other = await pageAs(shelter);
    await other.getByRole('heading', { level: 1, name: 'Việc của tôi' }).waitFor();
    await other.getByText(referred.reference).first().waitFor(); // waiting for my agency
    await checkA11y(other, 'home with a referral waiting');
    await shot(other, 'home');
    await other.getByRole('link', { name: 'Chuyển gửi', exact: true }).click();
    await other.getByRole('heading', { level: 1, name: 'Chuyển gửi' }).waitFor();
    const card = other.locator('.card', { hasText: referred.reference });
    await card.waitFor();
    await checkA11y(other, 'referral inbox');
    await shot(other, 'referrals-inbox');
    // The receiver answers it, and cannot revoke it.
    expect(await card.getByRole('button', { name: 'Thu hồi' }).count()).toBe(0);
    await card.getByRole('button', { name: 'Chấp nhận' }).click();
    await card.getByText('Đã chấp nhận').waitFor();
    await card.getByRole('link', { name: 'Mở hồ sơ' }).click();
    await other.waitForURL(`${base}/cases/${referred.id}`);
    await other.getByText('Nguyễn Thị Hồng Nhung').first().waitFor();
    await checkA11y(other, 'case file as the receiving agency');
    // The shelter does not see the route and exploitation: the shelter purpose does not share them;
    // nor may it change the case, refer it on, or read its consents and notes of the police.
    await other.getByText('Một số phần của hồ sơ không được chia sẻ với cơ quan bạn.').waitFor();
    expect(await other.getByRole('button', { name: 'Sửa', exact: true }).count()).toBe(0);
    expect(await other.getByRole('button', { name: /^Chuyển sang/ }).count()).toBe(0);
    const sections = other.getByRole('navigation', { name: 'Các phần của hồ sơ' });
    expect(await sections.getByRole('link', { name: 'Sàng lọc' }).count()).toBe(0);
  });

  it('shows why the system ended a referral: the consent it needed was withdrawn', async () => {
    const withdrawn = await openCase(l, officer, {
      person: { familyName: 'Phan', givenName: 'Thu', estimatedAgeYears: 25 },
    });
    const consent = await l.call(officer.token, 'POST', `/api/v1/cases/${withdrawn.id}/consents`, {
      purpose: 'share_with_agency',
      agency: 'SHELTER-HN',
      method: 'signed',
      givenBy: 'person',
    });
    const referral = await l.call(officer.token, 'POST', '/api/v1/referrals', {
      caseId: withdrawn.id,
      toAgency: 'SHELTER-HN',
      purposes: ['shelter'],
      dueDate: addDays(today(), 7),
    });
    expect(referral.status).toBe(201);
    const withdrawal = await l.call(officer.token, 'POST', `/api/v1/consents/${consent.body.id}/withdraw`, {
      reason: 'Chị ấy không muốn chia sẻ nữa.',
    });
    expect(withdrawal.body.revokedReferrals).toEqual([referral.body.id]);

    // The shelter learns why, in its language, and never the reason the person gave.
    const receiver = await l.user(shelter.agencyId, ['caseworker']); // its own: the language is remembered
    const page = await pageAs(receiver, '/referrals?box=inbox&status=revoked');
    const card = page.locator('.card', { hasText: withdrawn.reference });
    await card.getByText('Đã thu hồi').waitFor();
    await card.getByText('Người này đã rút lại sự đồng ý').waitFor();
    expect(await card.textContent()).not.toContain('không muốn chia sẻ');
    await checkA11y(page, 'referral ended by a withdrawal');
    await page.getByLabel('Ngôn ngữ').selectOption('en');
    await card.getByText('The person withdrew their consent').waitFor();
  });

  it("shows who viewed the file to the owner agency's administrator (after TOTP enrolment), flags what Lantern did not write, and hides it from others", async () => {
    // A case of the police that the shelter read after accepting a referral.
    const viewed = await openCase(l, officer, { person: { familyName: 'Trịnh', givenName: 'Vân' } });
    await l.call(officer.token, 'POST', `/api/v1/cases/${viewed.id}/consents`, {
      purpose: 'share_with_agency',
      agency: 'SHELTER-HN',
      method: 'signed',
      givenBy: 'person',
    });
    const referral = await l.call(officer.token, 'POST', '/api/v1/referrals', {
      caseId: viewed.id,
      toAgency: 'SHELTER-HN',
      purposes: ['shelter'],
      dueDate: addDays(today(), 7),
    });
    await l.call(shelter.token, 'POST', `/api/v1/referrals/${referral.body.id}/accept`);
    expect((await l.call(shelter.token, 'GET', `/api/v1/cases/${viewed.id}`)).status).toBe(200);
    // And a "read" put into the audit table by SQL, not by Lantern: sealed as forged.
    const forged = await sql<{ id: number }>`
      INSERT INTO audit_event (actor_id, actor_agency_id, action, record_type, record_id, outcome, client_ip)
      VALUES (${shelter.id}, ${shelter.agencyId}, 'case.read', 'case', ${viewed.id}, 'success', '127.0.0.1')
      RETURNING id`.execute(l.ctx.db);
    const forgedId = Number(forged.rows[0]!.id);
    await expect
      .poll(
        async () =>
          (await l.ctx.db.selectFrom('audit_event').select('origin').where('id', '=', forgedId).executeTakeFirst())
            ?.origin,
      )
      .toBe('forged');

    // The officer may not see the access log: no such section.
    const page = await pageAs(officer, `/cases/${viewed.id}`);
    await page.getByRole('link', { name: 'Tổng quan' }).waitFor();
    expect(await page.getByRole('link', { name: 'Ai đã xem hồ sơ này' }).count()).toBe(0);

    const admin = await l.user(police, ['agency_admin'], { signIn: false });
    const adminPage = await newPage();
    await signIn(adminPage, admin);
    await adminPage.getByRole('heading', { name: 'Cài đặt xác thực hai lớp' }).waitFor();
    await checkA11y(adminPage, 'TOTP enrolment');
    await adminPage.getByRole('button', { name: 'Tạo khóa bí mật' }).click();
    const secret = (await adminPage.getByTestId('totp-secret').textContent())!.replace(/\s/g, '');
    const code = new OTPAuth.TOTP({
      issuer: 'Lantern',
      label: admin.email,
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      secret: OTPAuth.Secret.fromBase32(secret),
    }).generate();
    await adminPage.getByLabel('Mã xác thực').fill(code);
    await adminPage.getByRole('button', { name: 'Kích hoạt' }).click();
    await adminPage.getByRole('heading', { level: 1, name: 'Việc của tôi' }).waitFor();

    await adminPage.goto(`${base}/cases/${viewed.id}/access-log`);
    await adminPage.getByRole('heading', { level: 1, name: 'Ai đã xem hồ sơ này' }).waitFor();
    const table = adminPage.getByRole('table');
    await table.getByText('Test User', { exact: false }).first().waitFor();
    const text = await table.textContent();
    expect(text).toContain('POLICE-HN');
    expect(text).toContain('SHELTER-HN'); // the shelter read it after accepting
    // Actions in words, never their codes (issue 12 §5).
    expect(text).toContain('Xem hồ sơ');
    expect(text).not.toContain('case.read');
    // The event Lantern did not write is flagged, and said to be a sign of tampering.
    expect(await table.locator('tr.forged').count()).toBe(1);
    await table.locator('tr.forged').getByText('Không do Lantern ghi').waitFor();
    await adminPage.getByText('nhật ký có thể đã bị can thiệp', { exact: false }).waitFor();
    await checkA11y(adminPage, 'access log');
    await shot(adminPage, 'access-log');

    await adminPage.getByRole('link', { name: 'Quản trị' }).click();
    await adminPage.getByRole('heading', { level: 2, name: 'Người dùng' }).waitFor();
    await adminPage.getByRole('cell', { name: officer.email, exact: true }).waitFor();
    // The roles offered are those the server lets an agency administrator grant: never a national one.
    await adminPage.getByRole('button', { name: 'Thêm người dùng' }).click();
    const roles = adminPage.getByRole('group', { name: 'Vai trò' });
    await roles.getByLabel('Điều tra viên', { exact: true }).waitFor();
    expect(await roles.getByLabel('Cán bộ kiểm tra, giám sát', { exact: true }).count()).toBe(0);
    expect(await adminPage.getByRole('heading', { name: 'Cơ quan', exact: true }).count()).toBe(0);
    await adminPage.getByRole('button', { name: 'Hủy' }).click();
    await checkA11y(adminPage, 'administration');
    await shot(adminPage, 'admin');
  });

  it('switches language: <html lang>, labels and dates follow, and the choice is remembered for the user', async () => {
    // A user of its own: the language is remembered on the user.
    const { user: reader } = await agencyWithUser('POLICE-HUE', 'police', ['investigator']);
    await openCase(l, reader, { case: { exploitationTypes: ['forced_criminality'] } });
    const page = await pageAs(reader, '/cases');
    const switcher = page.getByLabel('Ngôn ngữ');
    await switcher.selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByLabel('Language').waitFor();
    await page.getByLabel('Search by name').waitFor();
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('heading', { level: 1, name: 'Dossiers' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await page.getByLabel('Langue').waitFor();
    // Code labels come from the API in the same language.
    await page
      .getByRole('cell', { name: /Criminalité forcée/ })
      .first()
      .waitFor();
    await checkA11y(page, 'case list in French');
    // Remembered on the server for this user.
    await expect
      .poll(async () => (await l.call(reader.token, 'GET', '/api/v1/auth/me')).body.language, { timeout: 10_000 })
      .toBe('fr');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Dossiers' }).waitFor();
    await page.getByLabel('Langue').selectOption('vi');
    await page.getByRole('heading', { level: 1, name: 'Hồ sơ' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    await expect
      .poll(async () => (await l.call(reader.token, 'GET', '/api/v1/auth/me')).body.language, { timeout: 10_000 })
      .toBe('vi');
  });

  it('shows a conflict field by field when two sessions edit the same case, and reapplies on request', async () => {
    const colleague = await l.user(police, ['caseworker']);
    const edited = await openCase(l, officer, {
      case: {
        reachedVia: 'border_screening',
        exploitationTypes: ['forced_criminality'],
        route: { destinationCountry: 'KH' },
      },
    });
    const page = await pageAs(officer, `/cases/${edited.id}`);
    const second = await pageAs(colleague, `/cases/${edited.id}`);
    await page.getByRole('button', { name: 'Sửa', exact: true }).click();
    await second.getByRole('button', { name: 'Sửa', exact: true }).click();

    // The colleague saves first: destination Thailand.
    await second.getByLabel('Nước đến').selectOption('TH');
    await second.getByRole('button', { name: 'Lưu', exact: true }).click();
    await second.getByText('Đã lưu thay đổi.').waitFor();

    // The officer, still on the old version, changes the destination and adds forced labour.
    await page.getByLabel('Nước đến').selectOption('MY');
    await page.getByLabel('Cưỡng bức lao động').check();
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    const conflict = page.getByRole('region', { name: 'Người khác vừa thay đổi hồ sơ này' });
    await conflict.waitFor();
    const destinationRow = conflict.getByRole('row', { name: /Nước đến/ });
    expect(await destinationRow.textContent()).toContain('Campuchia'); // when I started
    expect(await destinationRow.textContent()).toContain('Thái Lan'); // theirs
    expect(await destinationRow.textContent()).toContain('Malaysia'); // mine
    expect(await conflict.getByRole('row', { name: /Hình thức bóc lột/ }).textContent()).toContain(
      'Cưỡng bức lao động',
    );
    await checkA11y(page, 'conflict');
    await shot(page, 'conflict');
    // Nothing was overwritten silently.
    expect((await l.call(officer.token, 'GET', `/api/v1/cases/${edited.id}`)).body.route.destinationCountry).toBe('TH');

    await page.getByRole('button', { name: 'Áp dụng lại thay đổi của tôi' }).click();
    await page.getByText('Đã lưu thay đổi.').waitFor();
    const after = (await l.call(officer.token, 'GET', `/api/v1/cases/${edited.id}`)).body;
    expect(after.route.destinationCountry).toBe('MY');
    expect(after.exploitationTypes).toEqual(expect.arrayContaining(['forced_criminality', 'forced_labour']));
  });

  it('returns to sign-in with a message when the session ends', async () => {
    const leaver = await l.user(police, ['caseworker']);
    const second = await pageAs(leaver);
    await second.getByRole('heading', { level: 1, name: 'Việc của tôi' }).waitFor();
    // Let the screen's own requests finish first: one answered 401 would end the session before the click.
    await second.waitForLoadState('networkidle');
    await revokeAllSessionsOf(l.ctx.db, leaver.id);
    await second.getByRole('link', { name: 'Hồ sơ', exact: true }).click();
    await second.getByText('Phiên làm việc của bạn đã hết hạn hoặc đã kết thúc.').waitFor();
    expect(await second.locator('input[type=password]').count()).toBe(1);

    // Signing out ends the session on the server too.
    const stayer = await l.user(police, ['caseworker']);
    const page = await pageAs(stayer);
    await page.getByRole('heading', { level: 1, name: 'Việc của tôi' }).waitFor();
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByText('Bạn đã đăng xuất.').waitFor();
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'lantern_session')).toBeUndefined();
    expect((await l.call(stayer.token, 'GET', '/api/v1/auth/me')).status).toBe(401);
  });

  it('has a user whose password an administrator chose pick their own at first sign-in, and change it later', async () => {
    const newcomer = await l.user(police, ['caseworker'], { signIn: false, mustChangePassword: true });
    const own = await newPage();
    await signIn(own, newcomer);
    await own.getByRole('heading', { level: 1, name: 'Chọn mật khẩu mới' }).waitFor();
    await checkA11y(own, 'forced password change');
    // A guessable password is refused with the server's reason, in Vietnamese.
    await own.getByLabel(/^Mật khẩu mới/).fill('123456789012');
    await own.getByLabel(/^Nhập lại mật khẩu mới/).fill('123456789012');
    await own.getByRole('button', { name: 'Lưu mật khẩu và tiếp tục' }).click();
    await own.getByText('Mật khẩu quá dễ đoán', { exact: false }).waitFor();
    const chosen = 'đèn lồng bay qua sông Hồng lúc nửa đêm';
    await own.getByLabel(/^Mật khẩu mới/).fill(chosen);
    await own.getByLabel(/^Nhập lại mật khẩu mới/).fill(chosen);
    await own.getByRole('button', { name: 'Lưu mật khẩu và tiếp tục' }).click();
    await own.getByRole('heading', { level: 1, name: 'Việc của tôi' }).waitFor();
    expect(
      (await l.call(null, 'POST', '/api/v1/auth/login', { email: newcomer.email, password: newcomer.password })).status,
    ).toBe(401);

    // Later, from the header: change it again, which needs the current password.
    await own.getByRole('link', { name: 'Tài khoản', exact: true }).click();
    await own.getByRole('heading', { level: 1, name: 'Tài khoản của tôi' }).waitFor();
    const next = 'chim sẻ hót trên mái nhà ga Lào Cai';
    await own.getByLabel(/^Mật khẩu hiện tại/).fill('not what I chose');
    await own.getByLabel(/^Mật khẩu mới/).fill(next);
    await own.getByLabel(/^Nhập lại mật khẩu mới/).fill(next);
    await own.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await own.getByText('Mật khẩu hiện tại không đúng.').waitFor();
    await own.getByLabel(/^Mật khẩu hiện tại/).fill(chosen);
    await own.getByLabel(/^Mật khẩu mới/).fill(next);
    await own.getByLabel(/^Nhập lại mật khẩu mới/).fill(next);
    await own.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await own.getByText('Đã đổi mật khẩu.', { exact: false }).waitFor();
    await checkA11y(own, 'my account');
    const again = await l.call(null, 'POST', '/api/v1/auth/login', { email: newcomer.email, password: next });
    expect(again.status).toBe(200);
    expect(again.body.passwordChangeRequired).toBe(false);
  });

  it('works at phone width', async () => {
    const { user } = await agencyWithUser('POLICE-HP', 'police', ['investigator']);
    await openCase(l, user, {
      person: { familyName: 'Nguyễn', middleName: 'Thị Hồng', givenName: 'Nhung', estimatedAgeYears: 17 },
      case: { reachedVia: 'border_screening', exploitationTypes: ['forced_criminality'] },
    });
    const phone = await pageAs(user, '/cases?q=nguyen', PHONE);
    await phone.getByRole('cell', { name: /Nguyễn Thị Hồng Nhung/ }).waitFor();
    const overflow = await phone.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await checkA11y(phone, 'case list at phone width');
    await shot(phone, 'phone-case-list');
  });
});
