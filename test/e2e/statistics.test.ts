// End to end, issue 11's dashboards in chromium on the demo data: the demo analyst signs in and
// lands on the dashboards; every chart has its data table; small counts are suppressed ("x") and
// no shown cell holds a count from 1 to k−1; a table downloads (CSV) exactly as shown without a
// new release; the language switches to English and back without asking for the tables again;
// the table builder and the exports work. Each statistics screen is checked with axe.
//
// Like web.test.ts: a real Lantern (embedded database, in memory) serving the built web app, with
// its pages checked for CSP violations and script errors.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../src/cli/demo.js';
import { today, zonedDayStart } from '../../src/contract/calendar.js';
import { HTCDS_HEADER } from '../../src/statistics/htcds.js';
import { shot } from './pages.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable, ensureWebBuilt, WEB_ROOT } from './chromium.js';
import { startLantern, type TestLantern } from '../support/harness.js';

const available = chromiumAvailable();
const DESKTOP = { width: 1280, height: 900 };
const PERSONS = 120;
const K = 10;
const ANALYST = 'analyst@ministry.demo.lantern.invalid';

/** The first day of the dashboards' default window, the last twelve whole months up to today's (web/src/statistics.ts). */
function firstDayOfLastTwelveMonths(day: string): string {
  const start = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 12, 1));
  return start.toISOString().slice(0, 10);
}

/** A count as a table shows it in vi, en or fr ("1.234", "1,234", "1 234"), or null for anything else. */
function countOf(text: string): number | null {
  const t = text.replace(/[.,\s\u202f\u00a0]/g, '');
  return /^\d+$/.test(t) ? Number(t) : null;
}

describe.skipIf(!available)('statistics dashboards, end to end in chromium', { timeout: 240_000 }, () => {
  let l: TestLantern;
  let base = '';
  let browser: Browser;
  let password = '';
  // The demo spreads its cases over 18 months: the dashboards' default window (the last twelve months) holds these.
  let inWindow = 0;
  let cspViolations: string[] = [];
  let pageErrors: string[] = [];
  let contexts: BrowserContext[] = [];
  /** Requests for tables (each one a release) made by the current test's pages. */
  let tableRequests: string[] = [];

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({
      viewport: DESKTOP,
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      acceptDownloads: true,
    });
    contexts.push(context);
    // Remembers whether a progress bar was ever on the page (a quick job may end between two looks).
    await context.addInitScript(`window.progressSeen = 0;
      new MutationObserver(() => { if (document.querySelector('progress')) window.progressSeen += 1; })
        .observe(document, { childList: true, subtree: true });`);
    const page = await context.newPage();
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/v1/statistics/tables') tableRequests.push(r.url());
    });
    return page;
  }

  /** The demo analyst, signed in through the sign-in screen (`scripts`: the JavaScript files loaded before signing in). */
  async function signInAsAnalyst(scripts: string[] = []): Promise<Page> {
    const page = await newPage();
    const onScript = (r: { resourceType(): string; url(): string }) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    };
    page.on('request', onScript);
    await page.goto(`${base}/`);
    await page.locator('input[type=email]').waitFor();
    page.off('request', onScript);
    await page.getByLabel('Email').fill(ANALYST);
    await page.getByLabel('Mật khẩu').fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
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
    expect(violations, `axe on ${screen}`).toEqual([]);
  }

  /** Every count in the page's data tables: none from 1 to k−1; returns how many were suppressed. */
  async function checkNoSmallCounts(page: Page): Promise<{ shown: number; suppressed: number }> {
    const cells = await page.locator('table.numbers td').allTextContents();
    expect(cells.length).toBeGreaterThan(0);
    let shown = 0;
    let suppressed = 0;
    for (const text of cells) {
      if (text.trim() === 'x') {
        suppressed += 1;
        continue;
      }
      const n = countOf(text);
      expect(n, `a table cell reads "${text}"`).not.toBeNull();
      expect(n === 0 || n! >= K, `a table cell shows ${n}, a count from 1 to ${K - 1}`).toBe(true);
      shown += 1;
    }
    return { shown, suppressed };
  }

  beforeAll(async () => {
    await ensureWebBuilt();
    // A small privacy budget, so that the builder's test can reach its end.
    l = await startLantern('pglite', { config: { dpBudget: 1 } });
    const summary = await loadDemoData(l.ctx, { persons: PERSONS, seed: 2026 }, () => {});
    password = /shown only now\): (\S+)/.exec(summary)![1]!;
    const counted = await l.ctx.db
      .selectFrom('case_file')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('created_at', '>=', zonedDayStart(firstDayOfLastTwelveMonths(today())))
      .executeTakeFirstOrThrow();
    inWindow = Number(counted.n);
    expect(inWindow).toBeGreaterThan(PERSONS / 2);
    expect(inWindow).toBeLessThan(PERSONS);
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
    cspViolations = [];
    pageErrors = [];
    contexts = [];
    tableRequests = [];
  });

  afterEach(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    expect(cspViolations, 'Content-Security-Policy violations').toEqual([]);
    expect(pageErrors, 'errors in the page').toEqual([]);
  });

  it('lands the analyst on the dashboards: charts with their tables, small counts suppressed, downloads, languages', async () => {
    const firstScreen: string[] = [];
    const chunks: string[] = [];
    const page = await signInAsAnalyst(firstScreen);
    page.on('request', (r) => {
      if (r.resourceType() === 'script') chunks.push(new URL(r.url()).pathname);
    });
    await page.getByRole('heading', { level: 1, name: 'Thống kê phục vụ hoạch định' }).waitFor();
    await page.getByTestId('dashboard-ready').waitFor();
    // Chart.js comes with the statistics screens only: the sign-in screen's JavaScript stays under its budget.
    expect(firstScreen.length).toBeGreaterThan(0);
    expect(firstScreen.filter((p) => /statistics/.test(p))).toEqual([]);
    expect(chunks.filter((p) => /\/assets\/statistics-[^/]+\.js$/.test(p))).toHaveLength(1);
    const firstGzip = firstScreen.reduce(
      (n, p) => n + zlib.gzipSync(fs.readFileSync(path.join(WEB_ROOT, 'dist', p))).length,
      0,
    );
    expect(firstGzip).toBeLessThan(250 * 1024);
    // The menu: statistics, no casework.
    const menu = page.getByRole('navigation', { name: 'Điều hướng chính' });
    await expect(menu.getByRole('link').allTextContents()).resolves.toEqual(['Thống kê']);

    // Every panel finishes: a chart and, beside it, its data table with a caption.
    await page.locator('.stat-panel .loading').first().waitFor({ state: 'detached' });
    // Polled from outside: a string predicate evaluated in the page is refused by its CSP (no 'unsafe-eval').
    await expect.poll(() => page.evaluate(`document.querySelectorAll('.stat-panel .loading').length`)).toBe(0);
    const charts = page.locator('.stat-panel canvas[role=img]');
    const tables = page.locator('.stat-panel table.numbers');
    expect(await charts.count()).toBe(8);
    expect(await tables.count()).toBe(8);
    for (let i = 0; i < 8; i++) {
      const caption = (await tables.nth(i).locator('caption').textContent())!;
      expect(caption.length).toBeGreaterThan(3);
      expect(await charts.nth(i).getAttribute('aria-label')).toContain(caption);
    }
    expect(await page.locator('.stat-panel .message-error').count()).toBe(0);

    // Headline figures: every demo person and case of the window is counted once (no linkage run: one person per case).
    const headline = page.locator('.stat-figure');
    await expect(headline.nth(0).locator('.stat-figure-value').textContent()).resolves.toBe(String(inWindow));
    await expect(headline.nth(2).locator('.stat-figure-value').textContent()).resolves.toBe(String(inWindow));
    await expect(headline.nth(0).locator('.stat-figure-label').textContent()).resolves.toBe('Người được tiếp nhận');

    // Small counts: the province breakdown of 120 persons has cells under k, shown as "x" with the legend.
    const { suppressed, shown } = await checkNoSmallCounts(page);
    expect(suppressed).toBeGreaterThan(0);
    expect(shown).toBeGreaterThan(0);
    const byProvince = page.locator('section[aria-labelledby="h-by-province"]');
    expect(await byProvince.locator('td.cell-suppressed').count()).toBeGreaterThan(0);
    await byProvince.getByText(`dưới ${K} người, hoặc được ẩn để không thể suy ra một số nhỏ.`).waitFor();
    await page.getByText('Số liệu tính đến').first().waitFor();
    const released = tableRequests.length;
    expect(released).toBe(9); // three headline/trend tables, four breakdowns, the deadline and the referrals
    await checkA11y(page, 'statistics dashboard');
    await shot(page, 'statistics-dashboard');

    // The download is exactly the table shown, by its release: no new table is asked for.
    const shownRows = await byProvince.locator('table.numbers tbody tr').evaluateAll((rows) =>
      rows.map((r) => {
        const th = r.querySelector('th')!;
        return [th.getAttribute('data-code')!, th.textContent!.trim(), r.querySelector('td')!.textContent!.trim()];
      }),
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      byProvince.getByRole('link', { name: /^CSV/ }).click(),
    ]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    const csvCells = csv
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .filter(Boolean)
      .map((line) => line.split(',').map((c) => c.replace(/^"|"$/g, '').trim()));
    // A one-dimension table: a heading row of the provinces (codes or names) and a row of their counts.
    const heading = csvCells.findIndex(
      (cells) => cells.includes(shownRows[0]![0]!) || cells.includes(shownRows[0]![1]!),
    );
    expect(heading, 'the CSV heads its columns with the provinces').toBeGreaterThanOrEqual(0);
    const counts = csvCells[heading + 1]!;
    for (const [code, label, value] of shownRows) {
      const at = csvCells[heading]!.findIndex((c) => c === code || c === label);
      expect(at, `the CSV has the column ${code}`).toBeGreaterThan(0);
      expect(counts[at], `${label}: ${value}`).toBe(value === 'x' ? 'x' : String(countOf(value!)));
    }
    for (const cell of csvCells.flat()) {
      const n = /^\d+$/.test(cell) ? Number(cell) : null;
      if (n !== null) expect(n === 0 || n >= K, `the CSV holds ${n}`).toBe(true);
    }
    expect(tableRequests.length).toBe(released);

    // English and back: the labels change, the figures are the same releases (no new request).
    await page.getByLabel('Ngôn ngữ').selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Statistics for planning' }).waitFor();
    await expect(headline.nth(0).locator('.stat-figure-label').textContent()).resolves.toBe('Persons registered');
    await byProvince.getByText(`fewer than ${K} persons, or hidden so that no small count can be derived.`).waitFor();
    await checkA11y(page, 'statistics dashboard (en)');
    await page.getByLabel('Language').selectOption('vi');
    await page.getByRole('heading', { level: 1, name: 'Thống kê phục vụ hoạch định' }).waitFor();
    expect(tableRequests.length).toBe(released);

    // Refresh: the job's progress, then the figures computed again and every table released anew.
    await page.getByRole('button', { name: 'Cập nhật số liệu' }).click();
    await page.getByText('Đã cập nhật số liệu; các bảng dưới đây được tính lại.').waitFor({ timeout: 60_000 });
    expect(await page.evaluate('window.progressSeen')).toBeGreaterThan(0);
    await expect.poll(() => tableRequests.length).toBe(2 * released);
    await expect
      .poll(() => page.evaluate(`document.querySelectorAll('.stat-figure .loading, .stat-panel .loading').length`))
      .toBe(0);
    await expect(headline.nth(0).locator('.stat-figure-value').textContent()).resolves.toBe(String(inWindow));
  });

  it('builds a two-dimension table with its margins, and downloads it', async () => {
    const page = await signInAsAnalyst();
    await page.getByTestId('dashboard-ready').waitFor();
    await page
      .getByRole('navigation', { name: 'Các trang thống kê' })
      .getByRole('link', { name: 'Tạo bảng số liệu' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Tạo bảng số liệu' }).waitFor();
    await page.getByLabel('Chỉ tiêu').selectOption('persons_registered');
    await page.getByLabel('Cột').selectOption('age_band');
    await page.getByLabel('Hàng').selectOption('sex');
    await page.getByRole('button', { name: 'Tạo bảng' }).click();
    const built = page.locator('#t-built');
    await built.waitFor();
    // Rows (sex), columns (age bands) and a total column; the totals row; the grand total = every person of the window.
    expect(await built.locator('thead th').count()).toBe(1 + 7 + 1);
    expect(await built.locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
    await expect(built.locator('tfoot td').last().textContent()).resolves.toBe(String(inWindow));
    await checkNoSmallCounts(page);
    const link = page.locator('section[aria-labelledby="h-built"]').getByRole('link', { name: /^XLSX/ });
    expect(await link.getAttribute('href')).toMatch(
      /^\/api\/v1\/statistics\/releases\/[0-9a-f-]{36}\?format=xlsx&language=vi$/,
    );
    await checkA11y(page, 'table builder');
    await shot(page, 'statistics-builder');

    // Differential privacy: the ε to spend is said before; after, every cell is noisy with its ± and
    // the budget left is shown (this analyst's first spending this year: 1 − 0.5).
    await page.getByLabel('Cách bảo vệ số liệu').selectOption('dp');
    await page.getByLabel('ε cho mỗi bảng').fill('0.5');
    await page.getByText('Bảng này sẽ trừ 0,5 vào ngân sách quyền riêng tư của bạn.').waitFor();
    await page.getByRole('button', { name: 'Tạo bảng' }).click();
    await page.getByText('Bảng này đã dùng ε 0,5; ngân sách còn lại 0,5 trên 1.').waitFor();
    const cells = await built.locator('td').allTextContents();
    expect(cells.length).toBe(await built.locator('td.cell-noisy').count());
    for (const text of cells) expect(text).toMatch(/^\d[\d.]* ± \d+$/);
    await page.getByText('số đã thêm nhiễu (quyền riêng tư vi phân); ± là nửa khoảng tin cậy 95 %.').waitFor();
    await checkA11y(page, 'table builder (differential privacy)');

    // Beyond the budget: refused, saying in Vietnamese what is left.
    await page.getByLabel('ε cho mỗi bảng').fill('1');
    await page.getByRole('button', { name: 'Tạo bảng' }).click();
    await page.getByText(/^Ngân sách quyền riêng tư năm \d{4} chỉ còn 0,5 trên 1: chọn ε nhỏ hơn/).waitFor();
    await page
      .getByText('Yêu cầu này vượt quá ngân sách quyền riêng tư còn lại của bạn; bảng không được tạo.')
      .waitFor();
  });

  it('offers the national report and the HTCDS export with its progress and file', async () => {
    const page = await signInAsAnalyst();
    await page.getByTestId('dashboard-ready').waitFor();
    await page.goto(`${base}/statistics/exports`);
    await page.getByRole('heading', { level: 1, name: 'Xuất dữ liệu và báo cáo' }).waitFor();
    await page.getByRole('button', { name: 'Bắt đầu xuất' }).click();
    const file = page.getByRole('link', { name: 'Tải tệp CSV' });
    await file.waitFor({ timeout: 120_000 });
    expect(await page.evaluate('window.progressSeen')).toBeGreaterThan(0);
    const [download] = await Promise.all([page.waitForEvent('download'), file.click()]);
    const header = fs
      .readFileSync((await download.path())!, 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)[0]!;
    // The file's header is HTCDS's field names; the screen says what was generalised and left out.
    expect(header.length).toBeGreaterThan(20);
    expect(HTCDS_HEADER.trim()).toBe(header);
    await page.getByText('Mức khái quát hoá').waitFor();
    await page.getByText('Số người bị loại để giữ k-ẩn danh').waitFor();
    await page.getByLabel('Ngôn ngữ của báo cáo').selectOption('fr');
    const report = page.getByRole('link', { name: 'Tải báo cáo (PDF)' });
    const href = (await report.getAttribute('href'))!;
    expect(href).toMatch(/^\/api\/v1\/statistics\/report\?from=\d{4}-\d{2}-01&to=\d{4}-\d{2}-\d{2}&language=fr$/);
    const pdf = await page.request.get(`${base}${href}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');

    await checkA11y(page, 'statistics exports');
    await shot(page, 'statistics-exports');
  });
});
