// `npm run bench:web`: the production web build's first-screen JavaScript
// (gzipped) and the time the case list takes to render 50 rows once the data has
// arrived, in Debian's chromium. The API is answered from fixtures by the page's
// request interception, so only the browser's work is measured.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Page, type Route } from 'playwright-core';
import { appCapabilities } from '../src/access/capabilities.js';
import { referenceData } from '../src/contract/reference/index.js';
import { meSchema } from '../src/contract/schemas/access.js';
import { referenceDataSchema } from '../src/contract/schemas/reference.js';
import { caseListItemSchema } from '../src/contract/schemas/registry.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable, WEB_ROOT } from '../test/e2e/chromium.js';

const ORIGIN = 'http://lantern.bench';
const DIST = path.join(WEB_ROOT, 'dist');
const ROWS = 50;
const RUNS = 15;
const BUDGET_KB = 250;
const BUDGET_MS = 100;

if (!chromiumAvailable()) {
  console.error(`bench:web needs ${CHROMIUM_PATH} (apt-get install chromium).`);
  process.exit(1);
}

// Always measure a fresh production build.
const { build } = await import('vite');
await build({ configFile: path.join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn' });

const gzipSize = (file: string) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

// ---- fixtures: checked against the API's own schemas, so they cannot drift from what the server sends ----
const investigator = {
  userId: '00000000-0000-4000-8000-000000000001',
  agencyId: '00000000-0000-4000-8000-000000000002',
  agencyKind: 'police' as const,
  roles: ['investigator' as const],
  language: 'vi' as const,
  clientIp: null,
};
const me = meSchema.parse({
  id: investigator.userId,
  email: 'bench@lantern.invalid',
  displayName: 'Bench Officer',
  roles: investigator.roles,
  agencyId: investigator.agencyId,
  language: 'vi',
  stage: 'full',
  totpEnabled: false,
  version: 1,
  can: appCapabilities(investigator),
});
const family = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ'];
const given = ['Thị Lan', 'Văn Nam', 'Minh Anh', 'Thị Hồng Nhung', 'Quốc Bảo', 'Thanh Hà', 'Văn Đức', 'Thị Mai'];
const statuses = ['received', 'under_verification', 'identified_victim', 'in_support', 'closed', 'not_victim'];
const types = ['forced_criminality', 'forced_labour', 'sexual_exploitation', 'forced_marriage'];
const countries = ['KH', 'MY', 'TH', 'CN', 'LA', 'MM'];
const cases = Array.from({ length: ROWS }, (_, i) =>
  caseListItemSchema.parse({
    id: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    reference: `LT-2026-${String(1000 + i).padStart(6, '0')}`,
    personId: `20000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    personName: `${family[i % family.length]} ${given[i % given.length]}`,
    status: statuses[i % statuses.length],
    exploitationTypes: i % 5 === 0 ? [types[i % 4], types[(i + 1) % 4]] : [types[i % 4]],
    destinationCountry: countries[i % countries.length],
    ownerAgencyId: me.agencyId,
    assignedUserId: null,
    assignee: null,
    sex: i % 3 === 0 ? 'male' : 'female',
    ageYears: 16 + (i % 30),
    province: null,
    verificationDueAt: new Date(Date.UTC(2026, 0, 1 + (i % 28))).toISOString(),
    verificationOverdue: i % 7 === 0,
    createdAt: new Date(Date.UTC(2025, 11, 1 + (i % 28))).toISOString(),
  }),
);
const api: Record<string, unknown> = {
  '/api/v1/auth/me': me,
  '/api/v1/reference': referenceDataSchema.parse({ ...referenceData('vi'), timeZone: 'Asia/Ho_Chi_Minh' }),
  '/api/v1/agencies': { items: [] },
  '/api/v1/cases': { items: cases, nextCursor: 'more', total: ROWS * 2 },
  '/api/v1/notifications/unread-count': { unread: 0 },
};

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};
async function serve(route: Route) {
  const url = new URL(route.request().url());
  if (url.pathname.startsWith('/api/')) {
    const body = api[url.pathname];
    return body === undefined
      ? route.fulfill({
          status: 404,
          contentType: 'application/problem+json',
          body: '{"type":"urn:lantern:problem:not-found","title":"Not found","status":404}',
        })
      : route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
  }
  const file = path.join(DIST, url.pathname === '/' ? 'index.html' : url.pathname);
  const exists = file.startsWith(DIST) && fs.existsSync(file) && fs.statSync(file).isFile();
  const chosen = exists ? file : path.join(DIST, 'index.html');
  return route.fulfill({
    status: 200,
    contentType: TYPES[path.extname(chosen)] ?? 'application/octet-stream',
    body: fs.readFileSync(chosen),
  });
}

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
await context.route(`${ORIGIN}/**`, serve);

// ---- first screen: the JavaScript the sign-in screen loads ----
const first = await context.newPage();
const scripts = new Set<string>();
first.on('request', (r) => {
  if (r.resourceType() === 'script') scripts.add(new URL(r.url()).pathname);
});
api['/api/v1/auth/me'] = undefined; // signed out: the sign-in screen
await first.goto(`${ORIGIN}/`);
await first.locator('input[type=email]').waitFor();
await first.close();
api['/api/v1/auth/me'] = me;
const firstScreen = [...scripts].map((p) => path.join(DIST, p));
const firstGzip = firstScreen.reduce((n, f) => n + gzipSize(f), 0);
const firstRaw = firstScreen.reduce((n, f) => n + fs.statSync(f).size, 0);
const allJs = fs.readdirSync(path.join(DIST, 'assets')).filter((f) => f.endsWith('.js'));
const allGzip = allJs.reduce((n, f) => n + gzipSize(path.join(DIST, 'assets', f)), 0);

// ---- case list: 50 rows, from data arrival to the rows committed / painted ----
async function measures(page: Page) {
  return page.evaluate(
    `performance.getEntriesByType('measure').filter((m) => m.name.startsWith('lantern:case-list:')).map((m) => ({ name: m.name, ms: m.duration }))`,
  ) as Promise<{ name: string; ms: number }[]>;
}
async function waitPaint(page: Page, count: number) {
  await page.waitForFunction(`performance.getEntriesByName('lantern:case-list:paint').length >= ${count}`);
}

const cold = { commit: [] as number[], paint: [] as number[] };
for (let i = 0; i < RUNS + 2; i++) {
  const page = await context.newPage();
  await page.goto(`${ORIGIN}/cases`);
  await page
    .locator('table.cases tbody tr')
    .nth(ROWS - 1)
    .waitFor();
  await waitPaint(page, 1);
  const m = await measures(page);
  if (i >= 2) {
    // the first two warm up the browser's caches
    cold.commit.push(m.find((x) => x.name.endsWith('commit'))!.ms);
    cold.paint.push(m.find((x) => x.name.endsWith('paint'))!.ms);
  }
  await page.close();
}

// Warm: the same page re-renders the 50 rows after a filter change.
const warm = { commit: [] as number[], paint: [] as number[] };
const page = await context.newPage();
await page.goto(`${ORIGIN}/cases`);
await waitPaint(page, 1);
for (let i = 0; i < RUNS; i++) {
  await page.getByLabel('Trạng thái').selectOption(i % 2 ? '' : 'in_support');
  await waitPaint(page, i + 2);
}
const all = await measures(page);
warm.commit = all
  .filter((x) => x.name.endsWith('commit'))
  .slice(1)
  .map((x) => x.ms);
warm.paint = all
  .filter((x) => x.name.endsWith('paint'))
  .slice(1)
  .map((x) => x.ms);
const rows = await page.locator('table.cases tbody tr').count();
const version = browser.version();
await browser.close();
if (rows !== ROWS) throw new Error(`expected ${ROWS} rows, saw ${rows}`);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const max = (xs: number[]) => Math.max(...xs);
const ms = (x: number) => `${x.toFixed(1)} ms`;

console.log(`\n### Web app (\`npm run bench:web\`)\n`);
console.log(
  `${new Date().toISOString().slice(0, 10)} · ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length} · ${Math.round(os.totalmem() / 2 ** 30)} GiB · Node ${process.version} · Chromium ${version} (headless) · 1024×768\n`,
);
console.log('| measure | result | budget |');
console.log('|---|---|---|');
console.log(
  `| first-screen JavaScript (sign-in), gzipped | ${kb(firstGzip)} (${kb(firstRaw)} raw, ${firstScreen.length} file${firstScreen.length === 1 ? '' : 's'}) | < ${BUDGET_KB} kB |`,
);
console.log(
  `| all JavaScript of the build, gzipped | ${kb(allGzip)} (${allJs.length} files; admin and audit load on demand) | — |`,
);
console.log(
  `| case list, ${ROWS} rows: data arrived → rows in the DOM, fresh page (median / max of ${RUNS}) | ${ms(median(cold.commit))} / ${ms(max(cold.commit))} | < ${BUDGET_MS} ms |`,
);
console.log(
  `| case list, ${ROWS} rows: data arrived → next frame painted, fresh page (median / max) | ${ms(median(cold.paint))} / ${ms(max(cold.paint))} | < ${BUDGET_MS} ms |`,
);
console.log(
  `| case list, ${ROWS} rows: re-render after a filter change (median / max of ${RUNS}) | ${ms(median(warm.commit))} / ${ms(max(warm.commit))} | < ${BUDGET_MS} ms |`,
);
const ok = firstGzip < BUDGET_KB * 1024 && median(cold.paint) < BUDGET_MS;
console.log(`\n${ok ? 'Within budget.' : 'OVER BUDGET.'}`);
process.exitCode = ok ? 0 : 1;
