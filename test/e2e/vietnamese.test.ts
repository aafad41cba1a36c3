// Issue 12 §5, "Vietnamese everywhere": signs in as users of several roles, walks every
// screen of the app in Vietnamese — the screens are read from the router (web/src/app.tsx)
// and the case file's sections from web/src/screens/case-file.tsx, so screens added later
// are walked too — and fails if any English string or internal code (snake_case codes,
// `body.x` field paths, audit action codes, message keys) shows, at desktop and at phone
// width, and if axe-core finds a serious or critical violation.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/contract/codes.js';
import { checkA11y } from './pages.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable, ensureWebBuilt } from './chromium.js';
import { personInput, startLantern, type TestLantern, type TestUser } from '../support/harness.js';

const available = chromiumAvailable();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = process.env.LANTERN_SCREENSHOTS ? path.join(root, 'docs/screenshots') : null;
const DESKTOP = { width: 1024, height: 768 };
/** Screens of issue 12 saved for the README by `npm run screenshots` (path → file name). */
const SHOT_OF: Record<string, [file: string, role: string]> = {
  followups: ['case-follow-ups', 'investigator'],
  repatriation: ['case-repatriation', 'investigator'],
  screening: ['screening-dimensions', 'investigator'],
  group: ['repatriation-group', 'screener'],
  '/help': ['glossary', 'investigator'],
  '/audit': ['audit-in-words', 'auditor'],
  '/': ['home-kpis', 'investigator'],
};
const PHONE = { width: 390, height: 844 };

/** The help text of the home screen, in Vietnamese (shown by the Help button). */
const CATALOGUE_HELP_HOME = 'Những việc cần làm trước';

interface Walk {
  /** Paths to walk besides the menu's. */
  extra?: string[];
  /** Check each screen with axe at phone width too. */
  phone?: boolean;
}

/** Every screen the router knows: its `path === '…'` and `match('…')` patterns. */
function routerPatterns(): string[] {
  const app = fs.readFileSync(path.join(root, 'web/src/app.tsx'), 'utf8');
  const out = new Set<string>();
  for (const m of app.matchAll(/path === '([^']+)'/g)) out.add(m[1]!);
  for (const m of app.matchAll(/match\('([^']+)'/g)) out.add(m[1]!);
  return [...out];
}

/** The case file's sections, as case-file.tsx lists them. */
function caseSections(): string[] {
  const file = fs.readFileSync(path.join(root, 'web/src/screens/case-file.tsx'), 'utf8');
  const list = file.slice(file.indexOf('const SECTIONS'), file.indexOf('];', file.indexOf('const SECTIONS')));
  return [...list.matchAll(/id: '([a-z-]+)'/g)].map((m) => m[1]!);
}

/** English words that are not Vietnamese syllables: any of them on a Vietnamese screen is untranslated text. */
const ENGLISH =
  /\b(the|and|with|for|this|that|not|found|error|loading|please|invalid|required|save|cancel|search|case|cases|referral|referrals|screening|user|users|agency|unknown|none|from|your|you|must|cannot|should|visit|group|transfer|checklist|outcome|overdue|pending|accepted|declined)\b/i;
/** snake_case codes (forced_labour), dotted codes (case.read, body.dateOfBirth, nav.help: a message key shown raw). */
const CODE = /\b[a-z]+(?:_[a-z]+)+\b|\b[a-z][a-zA-Z]*(?:_[a-z]+)*\.[a-z][a-zA-Z_]*\b/;

/** What the page shows in Vietnamese: its text and the attributes read aloud, without parts marked in another language. */
async function shownText(page: Page): Promise<string> {
  return (await page.evaluate(`(() => {
    const root = document.getElementById('root') || document.body;
    const parts = [document.title];
    const foreign = (el) => el.closest('[lang]:not([lang^="vi"])') && el.closest('[lang]:not([lang^="vi"])') !== document.documentElement;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || foreign(el)) continue;
      if (el.closest('script,style,noscript')) continue;
      parts.push(n.textContent);
    }
    for (const el of root.querySelectorAll('[aria-label],[title],[placeholder],[alt]')) {
      if (foreign(el)) continue;
      for (const a of ['aria-label', 'title', 'placeholder', 'alt']) if (el.getAttribute(a)) parts.push(el.getAttribute(a));
    }
    return parts.join('\\n');
  })()`)) as string;
}

/** The problems of the text: English words and internal codes (e-mail addresses set aside). */
function untranslated(text: string): string[] {
  const found: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\S+@\S+/g, ' ').trim();
    if (!line) continue;
    const english = line.match(ENGLISH);
    const code = line.match(CODE);
    if (english) found.push(`English “${english[0]}” in: ${line.slice(0, 120)}`);
    if (code) found.push(`code “${code[0]}” in: ${line.slice(0, 120)}`);
  }
  return found;
}

describe.skipIf(!available)('every screen in Vietnamese', { timeout: 420_000 }, () => {
  let l: TestLantern;
  let base = '';
  let browser: Browser;
  const users: Record<string, TestUser> = {};
  const ids: Record<string, string> = {};

  async function named(user: TestUser, name: string) {
    await l.ctx.db.updateTable('app_user').set({ display_name: name }).where('id', '=', user.id).execute();
    return user;
  }
  const ok = async (user: TestUser, method: string, url: string, body?: unknown) => {
    const r = await l.call(user.token, method, url, body);
    if (r.status >= 300) throw new Error(`setup ${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as Record<string, string>;
  };

  beforeAll(async () => {
    await ensureWebBuilt();
    l = await startLantern('pglite');
    await l.app.listen({ host: '127.0.0.1', port: 0 });
    const address = l.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const agency = async (code: string, kind: Parameters<TestLantern['agency']>[1], name: string) => {
      const id = await l.agency(code, kind);
      await l.ctx.db.updateTable('agency').set({ name }).where('id', '=', id).execute();
      return id;
    };
    const police = await agency('CA-HN', 'police', 'Công an thành phố Hà Nội');
    const shelter = await agency('BTXH-HN', 'shelter', 'Trung tâm Bảo trợ xã hội Hà Nội');
    const border = await agency('BP-TN', 'border_guard', 'Bộ đội Biên phòng Tây Ninh');
    const ministry = await agency('BCA-DL', 'ministry', 'Đơn vị dữ liệu quốc gia');
    const hotline = await agency('TD-111', 'hotline', 'Tổng đài quốc gia 111');
    const roles: [string, string, Role[], string][] = [
      ['investigator', police, ['investigator', 'caseworker'], 'Trần Văn Điều Tra'],
      ['admin', police, ['agency_admin'], 'Lê Thị Quản Trị'],
      ['shelter', shelter, ['caseworker'], 'Phạm Thị Hỗ Trợ'],
      ['screener', border, ['health_screener', 'intake_officer'], 'Hoàng Văn Sàng Lọc'],
      ['auditor', ministry, ['auditor'], 'Vũ Thị Kiểm Tra'],
      ['steward', ministry, ['data_steward'], 'Đỗ Văn Dữ Liệu'],
      ['borderInvestigator', border, ['investigator'], 'Đinh Văn Biên'],
      ['analyst', ministry, ['analyst'], 'Ngô Thị Thống Kê'],
      ['hotlineAdmin', hotline, ['agency_admin'], 'Bùi Thị Tổng Đài'],
      ['operator', hotline, ['hotline_operator'], 'Lý Thị Trực Máy'],
    ];
    for (const [key, agencyId, r, name] of roles) users[key] = await named(await l.user(agencyId, r), name);

    // A case with something in every section: consent, referral, services, follow-ups, repatriation.
    const inv = users.investigator!;
    const person = await ok(inv, 'POST', '/api/v1/persons', personInput({ givenName: 'Hồng', estimatedAgeYears: 19 }));
    ids.person = person.id!;
    const opened = await ok(inv, 'POST', '/api/v1/cases', {
      personId: ids.person,
      reachedVia: 'repatriation',
      exploitationTypes: ['forced_criminality'],
      route: { destinationCountry: 'KH' },
    });
    ids.case = opened.id!;
    const caseUrl = `/api/v1/cases/${ids.case}`;
    await ok(inv, 'POST', `${caseUrl}/transitions`, { to: 'under_verification', reason: 'Bắt đầu xác minh' });
    await ok(inv, 'POST', `${caseUrl}/consents`, {
      purpose: 'share_with_agency',
      agency: 'BTXH-HN',
      method: 'signed',
      givenBy: 'person',
    });
    const referral = await ok(inv, 'POST', '/api/v1/referrals', {
      caseId: ids.case,
      toAgency: 'BTXH-HN',
      purposes: ['shelter'],
      dueDate: '2099-01-01',
    });
    await ok(users.shelter!, 'POST', `/api/v1/referrals/${referral.id}/accept`);
    await ok(inv, 'POST', `${caseUrl}/services`, { type: 'accommodation', providerAgency: 'BTXH-HN' });
    await ok(inv, 'POST', `${caseUrl}/follow-ups`, { scheduledFor: '2026-01-05', notes: 'Thăm tại nhà' });
    await ok(inv, 'POST', `${caseUrl}/notes`, { body: 'Đã gọi điện cho gia đình', visibility: 'own_agency' });
    const group = await ok(users.screener!, 'POST', '/api/v1/repatriation-groups', {
      returnDate: '2026-03-20',
      countryFrom: 'KH',
      borderGate: 'Cửa khẩu Mộc Bài',
      expectedCount: 12,
    });
    ids.group = group.id!;
    await l.call(
      inv.token,
      'PUT',
      `${caseUrl}/repatriation`,
      {
        groupId: ids.group,
        countryFrom: 'KH',
        borderGate: 'Cửa khẩu Mộc Bài',
        returnDate: '2026-03-20',
        travelDocumentsChecked: true,
      },
      { 'if-match': '"0"' },
    );
    // The identifiers tab with a hit at the border guard, and an information request in both boxes.
    const bp = users.borderInvestigator!;
    const held = await ok(bp, 'POST', '/api/v1/persons', personInput({ givenName: 'Mai', estimatedAgeYears: 22 }));
    const heldCase = await ok(bp, 'POST', '/api/v1/cases', {
      personId: held.id,
      reachedVia: 'repatriation',
      exploitationTypes: ['forced_criminality'],
    });
    await ok(bp, 'POST', `/api/v1/cases/${heldCase.id}/identifiers`, { kind: 'phone', value: '0987 654 321' });
    const phone = await ok(inv, 'POST', `${caseUrl}/identifiers`, { kind: 'phone', value: '+84 987 654 321' });
    const asked = await ok(inv, 'POST', '/api/v1/information-requests', {
      identifierId: phone.id,
      agencyCode: 'BP-TN',
      message: 'Cùng số điện thoại của người môi giới',
    });
    ids.request = asked.id!;
    const event = await ok(users.screener!, 'POST', '/api/v1/screening/events', {
      borderGate: 'Cửa khẩu Mộc Bài',
      date: '2026-11-20',
      countryFrom: 'KH',
      agencies: ['BP-TN'],
    });
    ids.event = event.id!;
    // A campaign site, so that its screen shows its list (issue 14 §3).
    await ok(users.hotlineAdmin!, 'POST', '/api/v1/sites', {
      code: 'HN-GA',
      name: 'Ga Hà Nội',
      kind: 'train_station',
      province: 'ha-noi',
    });
    // A web report with a question asked, and a call, for the hotline's desk (issue 14 §2).
    const sent = await l.app.inject({
      method: 'POST',
      url: '/api/v1/public/reports',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        whatHappened: 'Em tôi bị giữ ở Campuchia sau khi nhận việc qua mạng',
        province: 'tay-ninh',
        immediateDanger: 'yes',
        recruitment: 'online_job_ad',
        identifiers: '0912 345 678',
      }),
      remoteAddress: '198.51.100.9',
    });
    if (sent.statusCode !== 201) throw new Error(`setup report: ${sent.body}`);
    ids.report = (await l.ctx.db.selectFrom('public_report').select('id').executeTakeFirstOrThrow()).id;
    await ok(users.operator!, 'POST', `/api/v1/reports/${ids.report}/messages`, {
      text: 'Chị biết tên công ty không?',
    });
    const call = await ok(users.operator!, 'POST', '/api/v1/reports/calls', {
      caller: 'witness',
      whatHappened: 'Người gọi thấy một nhóm thiếu niên bị đưa lên xe ở bến xe',
      minorInvolved: 'yes',
      indicators: ['movement_restricted'],
    });
    ids.call = call.id!;
    // A suspect and an organisation with an identifier and links (issue 13): their pages and the network around.
    const suspect = await ok(inv, 'POST', '/api/v1/suspects', {
      fullName: 'Đinh Văn Tuyển',
      aliases: ['Anh Ba'],
      sex: 'male',
      birthYear: 1985,
      nationality: 'VN',
    });
    ids.suspect = suspect.id!;
    await ok(inv, 'POST', `/api/v1/suspects/${ids.suspect}/identifiers`, { kind: 'phone', value: '0987 654 321' });
    await ok(inv, 'POST', `${caseUrl}/suspects`, {
      suspectId: ids.suspect,
      role: 'recruiter',
      source: 'victim_statement',
    });
    const organisation = await ok(inv, 'POST', '/api/v1/organisations', {
      kind: 'compound',
      name: 'Đặc khu Kim Sa',
      country: 'KH',
    });
    ids.organisation = organisation.id!;
    await ok(inv, 'POST', `/api/v1/suspects/${ids.suspect}/organisations`, {
      organisationId: ids.organisation,
      role: 'manager',
      source: 'investigation',
    });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await l?.stop();
  });

  /** The concrete paths to walk for a router pattern (ids of the records set up above; a made-up one otherwise). */
  function pathsOf(pattern: string, sections: string[]): string[] {
    if (pattern === '/cases/:id/:section') return sections.map((s) => `/cases/${ids.case}/${s}`);
    const byPrefix: [string, string | undefined][] = [
      ['/cases/', ids.case],
      ['/persons/', ids.person],
      ['/screening/events/', ids.event],
      ['/repatriation-groups/', ids.group],
      ['/information-requests/', ids.request],
      ['/suspects/', ids.suspect],
      ['/organisations/', ids.organisation],
      ['/reports/', ids.report],
    ];
    return [
      pattern.replace(/:[a-zA-Z]+/g, () => {
        const hit = byPrefix.find(([prefix]) => pattern.startsWith(prefix));
        return hit?.[1] ?? '00000000-0000-4000-8000-000000000000';
      }),
    ];
  }

  /** Until the screen has its heading and nothing is loading (locators: the page's CSP forbids eval). */
  async function settle(page: Page) {
    await page
      .locator('main h1')
      .first()
      .waitFor({ timeout: 15_000 })
      .catch(() => {});
    await expect
      .poll(() => page.locator('.loading').count(), { timeout: 15_000 })
      .toBe(0)
      .catch(() => {
        /* a screen that keeps loading is still checked for its words */
      });
  }

  /**
   * Walks `paths` as `who` (or, for 'menu', the screens of the user's menu, home and `extra`):
   * no English and no codes on any; axe on each screen as it shows, at desktop width and, with
   * `phone`, at phone width too (the same page, resized: the words do not change with the width).
   */
  async function walk(who: string, paths: string[] | 'menu', axed: Set<string>, options: Walk = {}) {
    const user = users[who]!;
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    await context.addCookies([
      { name: 'lantern_session', value: user.token, url: base, httpOnly: true, sameSite: 'Strict' },
    ]);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    if (paths === 'menu') {
      await page.goto(`${base}/`);
      await settle(page);
      const menu = (await page
        .locator('header nav a')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? '/'))) as string[];
      paths = [...new Set(['/', ...menu, ...(options.extra ?? [])])];
    }
    const problems: string[] = [];
    try {
      for (const at of paths) {
        await page.goto(`${base}${at}`);
        await settle(page);
        // Screens whose content comes after a click: the audit search, the help panel.
        const search = page.locator('form[role=search] button[type=submit]');
        if (at === '/audit' && (await search.count())) {
          await search.click();
          await page
            .locator('main table, main .message')
            .first()
            .waitFor({ timeout: 15_000 })
            .catch(() => {});
        }
        if (at === '/') await page.getByRole('button', { name: 'Trợ giúp' }).click();
        expect(await page.getAttribute('html', 'lang'), at).toBe('vi');
        const text = await shownText(page);
        // The walker reads what the screen shows (the menu, the help panel opened on home).
        if (at === '/') expect(text).toContain(CATALOGUE_HELP_HOME);
        for (const p of untranslated(text)) problems.push(`${who} ${at}: ${p}`);
        const shot =
          SHOT_OF[at] ??
          (at.endsWith('/followups')
            ? SHOT_OF.followups
            : at.endsWith('/repatriation')
              ? SHOT_OF.repatriation
              : at.endsWith('/screening') && at.startsWith('/cases/')
                ? SHOT_OF.screening
                : null) ??
          (at.startsWith('/repatriation-groups/') ? SHOT_OF.group : null);
        if (SHOTS && shot && shot[1] === who) {
          fs.mkdirSync(SHOTS, { recursive: true });
          // The screening form folded: its dimensions with their progress, the summary bar.
          if (shot === SHOT_OF.screening) await page.getByRole('button', { name: 'Thu gọn tất cả' }).click();
          // The audit view is long: its first screen says enough.
          await page.screenshot({ path: path.join(SHOTS, `${shot[0]}.png`), fullPage: at !== '/audit' });
          if (shot === SHOT_OF.screening) await page.getByRole('button', { name: 'Mở tất cả' }).click();
        }
        // One axe run per screen as it shows (a screen refused to a role is another screen).
        const heading =
          (await page
            .locator('h1')
            .first()
            .textContent()
            .catch(() => '')) ?? '';
        const screen = `${at.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id')} “${heading}”`;
        if (axed.has(screen)) continue;
        axed.add(screen);
        await checkA11y(page, `${screen} (${DESKTOP.width}px)`);
        if (options.phone) {
          await page.setViewportSize(PHONE);
          await checkA11y(page, `${screen} (${PHONE.width}px)`);
          await page.setViewportSize(DESKTOP);
        }
      }
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
  }

  it('reads the screens from the router', () => {
    const patterns = routerPatterns();
    expect(patterns).toEqual(expect.arrayContaining(['/', '/cases', '/cases/:id/:section', '/help']));
    expect(caseSections()).toEqual(expect.arrayContaining(['overview', 'followups', 'repatriation']));
    // The walker itself catches what it should.
    expect(untranslated('Xem hồ sơ\nforced_labour')).toHaveLength(1);
    expect(untranslated('body.dateOfBirth')).toHaveLength(1);
    expect(untranslated('case.read').join()).toMatch(/code “case.read”/);
    expect(untranslated('Save the case')).not.toEqual([]);
    expect(untranslated('Ngày sinh: chưa hợp lệ\nlan@ca-hn.invalid')).toEqual([]);
  });

  it('shows no English and no codes to any role, and is axe-clean at desktop and phone width', async () => {
    const sections = caseSections();
    // The network around the suspect, as a graph (the list is walked on the suspect's own page and by the e2e test).
    const all = [...routerPatterns().flatMap((p) => pathsOf(p, sections)), `/network?around=suspect:${ids.suspect}`];
    const axed = new Set<string>();
    // The casework officer walks every screen the router knows, at both widths; each other role
    // the screens of its own menu (and the records it reaches), as it sees them.
    await walk('investigator', all, axed, { phone: true });
    await walk('admin', 'menu', axed, { extra: [`/cases/${ids.case}/access-log`], phone: true });
    await walk('shelter', 'menu', axed, {
      extra: ['overview', 'support', 'followups'].map((s) => `/cases/${ids.case}/${s}`),
    });
    await walk('screener', 'menu', axed, {
      extra: [`/screening/events/${ids.event}`, `/repatriation-groups/${ids.group}`],
    });
    await walk('auditor', 'menu', axed, { phone: true });
    for (const key of ['steward', 'analyst']) await walk(key, 'menu', axed);
    // The border guard's investigator: the request received, to answer (the rest of its menu is the investigator's).
    await walk('borderInvestigator', ['/information-requests', `/information-requests/${ids.request}`], axed, {
      phone: true,
    });
    await walk('hotlineAdmin', 'menu', axed);
    // The hotline's operator: the queue, a web report and a call, the call intake (issue 14 §2).
    await walk('operator', 'menu', axed, {
      extra: [`/reports/${ids.report}`, `/reports/${ids.call}`, '/reports/new-call'],
      phone: true,
    });
  });
});
