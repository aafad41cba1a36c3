// End to end (issue 13 §1, §3), in Debian's chromium: an investigator opens the network around a suspect and
// sees it drawn (cytoscape's canvas) and as a list; expands it by a click on a node of the graph and from the
// list, filters the links by role, finds the shortest path between two suspects and exports GraphML; on the
// suspect's page records an identifier that hits another province's case, and links the suspect to a case and
// to another suspect. A social worker has no menu entry and finds no such page. Axe-clean, no CSP violation.
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkA11y, shot } from './pages.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable, ensureWebBuilt } from './chromium.js';
import { personInput, startLantern, type TestLantern, type TestUser } from '../support/harness.js';

const available = chromiumAvailable();
const DESKTOP = { width: 1280, height: 900 };

describe.skipIf(!available)('the network and suspect pages, end to end in chromium', { timeout: 180_000 }, () => {
  let l: TestLantern;
  let base = '';
  let browser: Browser;
  let inv: TestUser;
  let hcm: TestUser;
  let social: TestUser;
  let errors: string[] = [];
  let contexts: BrowserContext[] = [];
  const ids: Record<string, string> = {};
  const refs: Record<string, string> = {};

  async function pageAs(user: TestUser, at = '/'): Promise<Page> {
    const context = await browser.newContext({
      viewport: DESKTOP,
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      acceptDownloads: true,
    });
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

  const ok = async (user: TestUser, method: string, url: string, body?: unknown) => {
    const r = await l.call(user.token, method, url, body);
    if (r.status >= 300) throw new Error(`setup ${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as Record<string, string>;
  };
  async function openCase(user: TestUser, givenName: string) {
    const p = await ok(user, 'POST', '/api/v1/persons', personInput({ givenName }));
    const c = await ok(user, 'POST', '/api/v1/cases', {
      personId: p.id,
      reachedVia: 'hotline',
      exploitationTypes: ['forced_criminality'],
    });
    return { id: c.id!, reference: c.reference! };
  }

  /** The graph's node count once it is drawn and laid out. */
  async function drawnNodes(page: Page): Promise<number> {
    const graph = page.getByTestId('network-graph');
    await graph.locator('canvas').first().waitFor();
    await expect.poll(() => graph.getAttribute('data-positions'), { timeout: 15_000 }).toBeTruthy();
    return Number(await graph.getAttribute('data-nodes'));
  }

  /** Where the graph's nodes are drawn, once the layout has settled (the same three times in a row). */
  async function settledPositions(page: Page): Promise<Record<string, [number, number]>> {
    const graph = page.getByTestId('network-graph');
    let last = '';
    let same = 0;
    for (let i = 0; i < 40; i++) {
      const now = (await graph.getAttribute('data-positions')) ?? '';
      same = now && now === last ? same + 1 : 0;
      if (same === 2) return JSON.parse(now) as Record<string, [number, number]>;
      last = now;
      await page.waitForTimeout(250);
    }
    throw new Error('the graph never settled');
  }

  beforeAll(async () => {
    await ensureWebBuilt();
    l = await startLantern('pglite');
    await l.app.listen({ host: '127.0.0.1', port: 0 });
    const address = l.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const hanoi = await l.agency('CA-HN', 'police');
    const hcmAgency = await l.agency('CA-HCM', 'police');
    const shelter = await l.agency('BTXH-HN', 'shelter');
    await l.ctx.db.updateTable('agency').set({ name: 'Công an TP Hồ Chí Minh' }).where('id', '=', hcmAgency).execute();
    inv = await l.user(hanoi, ['investigator']);
    hcm = await l.user(hcmAgency, ['investigator']);
    social = await l.user(shelter, ['caseworker']);
    await l.ctx.db
      .updateTable('app_user')
      .set({ display_name: 'Trần Văn Điều Tra' })
      .where('id', '=', inv.id)
      .execute();
    await l.ctx.db.updateTable('app_user').set({ display_name: 'Lê Văn Phối Hợp' }).where('id', '=', hcm.id).execute();

    // An, Bình and Cường: An recruited and Bình transported the victim of case 1; Bình and Cường work together;
    // Cường brokered case 2. An owns a recruitment company and uses a phone.
    for (const [key, fullName] of [
      ['an', 'Nguyễn Văn An'],
      ['binh', 'Lê Thị Bình'],
      ['cuong', 'Phạm Văn Cường'],
    ] as const)
      ids[key] = (await ok(inv, 'POST', '/api/v1/suspects', { fullName, sex: 'unknown' })).id!;
    const case1 = await openCase(inv, 'Hoa');
    const case2 = await openCase(inv, 'Lan');
    ids.case1 = case1.id;
    ids.case2 = case2.id;
    refs.case1 = case1.reference;
    refs.case2 = case2.reference;
    const link = (caseId: string, suspectId: string, role: string) =>
      ok(inv, 'POST', `/api/v1/cases/${caseId}/suspects`, { suspectId, role, source: 'victim_statement' });
    await link(case1.id, ids.an!, 'recruiter');
    await link(case1.id, ids.binh!, 'transporter');
    await link(case2.id, ids.cuong!, 'broker');
    await ok(inv, 'POST', `/api/v1/suspects/${ids.binh}/links`, {
      otherSuspectId: ids.cuong,
      relation: 'associate',
      source: 'investigation',
    });
    ids.org = (
      await ok(inv, 'POST', '/api/v1/organisations', { kind: 'recruitment_company', name: 'Công ty Sao Mai' })
    ).id!;
    await ok(inv, 'POST', `/api/v1/suspects/${ids.an}/organisations`, {
      organisationId: ids.org,
      role: 'owner',
      source: 'investigation',
    });
    await ok(inv, 'POST', `/api/v1/suspects/${ids.an}/identifiers`, { kind: 'phone', value: '0912 345 678' });
    // Hồ Chí Minh City holds a case with a Telegram account that Hà Nội will meet.
    const theirs = await openCase(hcm, 'Mai');
    refs.hcm = theirs.reference;
    await ok(hcm, 'POST', `/api/v1/cases/${theirs.id}/identifiers`, { kind: 'telegram', value: '@viec_lam_sai_gon' });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  }, 120_000);
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

  it('explores the network as a graph and a list: expands, filters by role, finds a path, exports GraphML', async () => {
    const page = await pageAs(inv, '/');
    await page.getByRole('link', { name: 'Mạng lưới', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Mạng lưới đối tượng' }).waitFor();
    await page.getByRole('button', { name: 'Xem mạng lưới Nguyễn Văn An' }).click();
    await page.getByRole('heading', { level: 2, name: 'Mạng lưới quanh Nguyễn Văn An' }).waitFor();
    expect(page.url()).toContain(`around=suspect%3A${ids.an}`);

    // The graph: An, case 1 (by reference), the company and the phone, one link away.
    expect(await drawnNodes(page)).toBe(4);
    const graph = page.getByTestId('network-graph');
    expect(await graph.getAttribute('aria-label')).toContain('4 nút');
    await page.getByText('4 nút, 3 liên kết').waitFor();
    await checkA11y(page, 'network graph');
    // A click on case 1 in the drawing expands it: Bình, who transported its victim, appears.
    // On a loaded machine the drawing can still move after it looked settled (a late fit or resize): the
    // click is then taken again where the node is now, at most three times.
    const expanded = page.getByText(`Đã mở rộng quanh ${refs.case1}: thêm 1 nút.`);
    for (let attempt = 1; ; attempt++) {
      const [x, y] = (await settledPositions(page))[`case:${ids.case1}`]!;
      await graph.click({ position: { x, y } });
      const seen = await expanded.waitFor({ timeout: 10_000 }).then(
        () => true,
        () => false,
      );
      if (seen) break;
      if (attempt === 3) throw new Error(`a click on ${refs.case1} in the drawing never expanded it`);
    }
    await expect.poll(() => graph.getAttribute('data-nodes')).toBe('5');
    await shot(page, 'network-graph');

    // The list: the same nodes, each with its neighbours and roles in words; expanding Bình adds Cường.
    await page.getByRole('button', { name: 'Danh sách' }).click();
    const table = page.getByRole('table', { name: 'Các nút và nút kề' });
    await table.waitFor();
    expect(await graph.count()).toBe(0);
    await table.getByRole('rowheader', { name: refs.case1 }).waitFor();
    await table.getByRole('rowheader', { name: 'Số điện thoại: +84912345678' }).waitFor();
    expect(await table.locator('tbody tr').count()).toBe(5);
    expect(await table.locator(`tr[data-node="case:${ids.case1}"]`).textContent()).toContain(
      'Lê Thị Bình (Vận chuyển)',
    );
    await table.getByRole('button', { name: 'Mở rộng Lê Thị Bình' }).click();
    await page.getByText('Đã mở rộng quanh Lê Thị Bình: thêm 1 nút.').waitFor();
    await table.getByRole('rowheader', { name: 'Phạm Văn Cường' }).waitFor();
    await checkA11y(page, 'network list');

    // Only the transporters' links (links to identifiers stay): around An, only the phone is left.
    await page.getByRole('checkbox', { name: 'Vận chuyển' }).check();
    await page.getByRole('button', { name: 'Áp dụng' }).click();
    await page.getByText('2 nút, 1 liên kết').waitFor();
    expect(await table.locator('tbody tr').count()).toBe(2);
    await page.getByRole('button', { name: 'Bỏ lọc' }).click();
    await page.getByText('4 nút, 3 liên kết').waitFor();

    // The shortest path from An to Cường: through case 1 and Bình, highlighted in the list and the graph.
    await page.getByRole('combobox', { name: /^Đường nối từ/ }).selectOption({ label: 'Nguyễn Văn An' });
    await page.getByRole('combobox', { name: /^đến đối tượng/ }).selectOption({ label: 'Phạm Văn Cường' });
    await page.getByRole('button', { name: 'Tìm đường nối' }).click();
    await page.getByText('Đường nối qua 3 liên kết, được tô sáng trên đồ thị và trong danh sách').waitFor();
    expect(await table.locator('tr.on-path').count()).toBe(4);
    await page.getByRole('button', { name: 'Đồ thị' }).click();
    expect(await drawnNodes(page)).toBeGreaterThanOrEqual(5);

    // Clusters with their size.
    await page.getByRole('heading', { name: 'Các nhóm liên kết' }).waitFor();
    expect(await page.locator('.network-clusters li').first().textContent()).toMatch(/\d+ nút, trong đó 3 đối tượng/);

    // GraphML of the network shown.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tệp GraphML' }).click(),
    ]);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    expect(text.startsWith('<?xml')).toBe(true);
    expect(text).toContain('<graphml');
    expect(text).toContain('Nguyễn Văn An');
    expect(text).toContain(refs.case1);
    const exported = await l.ctx.db
      .selectFrom('audit_event')
      .select('id')
      .where('action', '=', 'network.export')
      .where('actor_id', '=', inv.id)
      .execute();
    expect(exported).toHaveLength(1);
  });

  it('shows a suspect’s page: records an identifier that hits another province, links a case and a suspect', async () => {
    const page = await pageAs(inv, `/suspects/${ids.an}`);
    await page.getByRole('heading', { level: 1, name: 'Nguyễn Văn An' }).waitFor();
    await page.getByRole('cell', { name: '+84912345678' }).waitFor();
    await page.getByRole('link', { name: refs.case1 }).waitFor();
    await page.getByRole('link', { name: 'Công ty Sao Mai' }).waitFor();

    // A value that cannot be a phone number is said next to the field; a Telegram account that Hồ Chí Minh City
    // holds is a hit naming the agency and whom to call, and nothing of its case.
    await page.getByLabel('Loại định danh').selectOption({ label: 'Số điện thoại' });
    await page.getByRole('textbox', { name: /^Giá trị/ }).fill('gọi tôi');
    await page.getByRole('button', { name: 'Ghi định danh' }).click();
    await page.getByText('Giá trị này không phải là Số điện thoại hợp lệ.').waitFor();
    await page.getByLabel('Loại định danh').selectOption({ label: 'Telegram' });
    await page.getByRole('textbox', { name: /^Giá trị/ }).fill('https://t.me/Viec_Lam_Sai_Gon');
    await page.getByRole('button', { name: 'Ghi định danh' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Đã ghi định danh. Trùng khớp: Cũng có trong 1 hồ sơ của Công an TP Hồ Chí Minh.' })
      .waitFor();
    const row = page.getByRole('row').filter({ hasText: '@viec_lam_sai_gon' });
    await row.getByText('Lê Văn Phối Hợp').waitFor();
    expect(await page.locator('main').textContent()).not.toContain(refs.hcm);

    // Link An to case 2 as its broker, and to Cường.
    const form = (summary: string) =>
      page.locator('details').filter({ has: page.locator('summary', { hasText: summary }) });
    const caseForm = form('Liên kết với một hồ sơ của đơn vị');
    await caseForm.locator('summary').click();
    await caseForm.getByRole('combobox', { name: /^Hồ sơ/ }).selectOption({ label: refs.case2! });
    await caseForm.getByLabel('Vai trò').selectOption({ label: 'Môi giới' });
    await caseForm.getByRole('button', { name: 'Liên kết với một hồ sơ của đơn vị' }).click();
    await page.getByRole('row').filter({ hasText: refs.case2 }).filter({ hasText: 'Môi giới' }).waitFor();
    const suspectForm = form('Liên kết với đối tượng khác');
    await suspectForm.locator('summary').click();
    await suspectForm.getByLabel('Tìm đối tượng theo tên hoặc biệt danh').fill('cuong');
    await suspectForm.getByRole('button', { name: 'Tìm', exact: true }).click();
    await suspectForm.getByRole('combobox', { name: /^Đối tượng/ }).selectOption({ label: 'Phạm Văn Cường' });
    await suspectForm.getByLabel('Quan hệ').selectOption({ label: 'Đồng bọn' });
    await suspectForm.getByRole('button', { name: 'Liên kết với đối tượng khác' }).click();
    await page.getByRole('listitem').filter({ hasText: 'Phạm Văn Cường — Đồng bọn' }).waitFor();
    await checkA11y(page, 'suspect page');
    await shot(page, 'suspect-page');

    // The organisation's page, and back to the network from it.
    await page.getByRole('link', { name: 'Công ty Sao Mai' }).click();
    await page.getByRole('heading', { level: 1, name: 'Công ty Sao Mai' }).waitFor();
    await page.getByRole('link', { name: 'Nguyễn Văn An' }).waitFor();
    await checkA11y(page, 'organisation page');
    await page.getByRole('link', { name: 'Xem mạng lưới quanh Công ty Sao Mai' }).click();
    await page.getByRole('heading', { level: 2, name: 'Mạng lưới quanh Công ty Sao Mai' }).waitFor();
  });

  it('gives a social worker no menu entry and not-found on the network and suspect pages', async () => {
    const page = await pageAs(social, '/');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await page.getByRole('link', { name: 'Mạng lưới', exact: true }).count()).toBe(0);
    for (const at of [
      '/network',
      `/network?around=suspect:${ids.an}`,
      `/suspects/${ids.an}`,
      `/organisations/${ids.org}`,
    ]) {
      await page.goto(`${base}${at}`);
      await page.getByRole('heading', { level: 1, name: 'Không tìm thấy trang' }).waitFor();
      expect(await page.locator('main').textContent()).not.toContain('Nguyễn Văn An');
    }
  });
});
