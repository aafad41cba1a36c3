// End to end (issue 13 §1–§2), in Debian's chromium and in Vietnamese: an investigator of one province's
// police enters a phone number held in another province's cases, sees the hit naming that agency and whom to
// call there — nothing of those cases — and asks for information; an investigator of the holding police
// accepts it in the received box, which says how many cases were referred and how many withheld for lack of
// consent; the requester sees it accepted. A social worker sees neither the tab nor the menu entry.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../src/contract/codes.js';
import { checkA11y, shot } from './pages.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable, ensureWebBuilt } from './chromium.js';
import { personInput, startLantern, type TestLantern, type TestUser } from '../support/harness.js';

const available = chromiumAvailable();
const DESKTOP = { width: 1024, height: 768 };
const PHONE = { width: 390, height: 844 };

describe.skipIf(!available)(
  'identifiers, hits and information requests, end to end in chromium',
  { timeout: 180_000 },
  () => {
    let l: TestLantern;
    let base = '';
    let browser: Browser;
    const u: Record<string, TestUser> = {};
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
      // Confirmations (remove, withdraw) are accepted.
      page.on('dialog', (d) => void d.accept());
      await page.goto(`${base}${at}`);
      return page;
    }

    const ok = async (user: TestUser, method: string, url: string, body?: unknown) => {
      const r = await l.call(user.token, method, url, body);
      if (r.status >= 300) throw new Error(`setup ${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body as Record<string, string>;
    };

    async function openCase(user: TestUser, givenName: string, narrative: string) {
      const p = await ok(user, 'POST', '/api/v1/persons', personInput({ givenName }));
      const c = await ok(user, 'POST', '/api/v1/cases', {
        personId: p.id,
        reachedVia: 'hotline',
        narrative,
        exploitationTypes: ['forced_criminality'],
      });
      return { id: c.id!, reference: c.reference! };
    }

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
      const hanoi = await agency('CA-HN', 'police', 'Công an thành phố Hà Nội');
      const laocai = await agency('CA-LC', 'police', 'Công an tỉnh Lào Cai');
      const social = await agency('BTXH-HN', 'social_services', 'Phòng Bảo trợ xã hội Hà Nội');
      const people: [string, string, Role[], string][] = [
        ['hanoi', hanoi, ['investigator'], 'Trần Văn An'],
        ['laocai', laocai, ['investigator'], 'Lê Thị Bình'],
        ['social', social, ['caseworker', 'intake_officer'], 'Phạm Thị Cúc'],
      ];
      for (const [key, agencyId, roles, name] of people) {
        u[key] = await l.user(agencyId, roles);
        await l.ctx.db.updateTable('app_user').set({ display_name: name }).where('id', '=', u[key]!.id).execute();
      }
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

    it('a hit names the other agency and nothing of its cases; the request is accepted there and seen accepted', async () => {
      // Lào Cai holds the recruiter's phone in two cases; one person consented to sharing with Hà Nội's police.
      const secret = 'Bị ép làm việc tại khu lừa đảo ở Bavet';
      const shared = await openCase(u.laocai!, 'Mây', secret);
      const kept = await openCase(u.laocai!, 'Sương', 'Bị lừa qua mạng xã hội, làm việc ở Myawaddy');
      for (const c of [shared, kept])
        await ok(u.laocai!, 'POST', `/api/v1/cases/${c.id}/identifiers`, { kind: 'phone', value: '0912 345 678' });
      await ok(u.laocai!, 'POST', `/api/v1/cases/${shared.id}/consents`, {
        purpose: 'share_with_agency',
        agency: 'CA-HN',
        method: 'signed',
        givenBy: 'person',
      });
      const mine = await openCase(u.hanoi!, 'Hoa', 'Tuyển dụng qua tin nhắn Zalo');

      // Hà Nội's investigator: the case's "Định danh" tab, next to "Truy tố".
      const page = await pageAs(u.hanoi!, `/cases/${mine.id}`);
      const tabs = page.getByRole('navigation', { name: 'Các phần của hồ sơ' });
      await tabs.getByRole('link', { name: 'Truy tố' }).waitFor();
      await tabs.getByRole('link', { name: 'Định danh', exact: true }).click();
      await page.getByRole('heading', { level: 2, name: 'Định danh của hồ sơ' }).waitFor();
      await page.getByText('Hồ sơ này chưa có định danh nào.').waitFor();
      const kinds = await page
        .getByRole('combobox', { name: /^Loại định danh/ })
        .locator('option')
        .allTextContents();
      expect(kinds).toHaveLength(15);
      expect(kinds).toEqual(expect.arrayContaining(['Số điện thoại', 'Tài khoản Telegram', 'Tài khoản ngân hàng']));
      const value = page.getByRole('textbox', { name: /^Định danh/ });

      // A value that cannot be a phone: the reason next to the field, in Vietnamese, and nothing stored.
      await value.fill('gọi tôi');
      await page.getByRole('button', { name: 'Thêm', exact: true }).click();
      await page
        .locator('.field-error')
        .getByText(/Đây không phải số điện thoại có thể tồn tại/)
        .waitFor();
      expect(await value.getAttribute('aria-invalid')).toBe('true');
      await page.getByText('Hồ sơ này chưa có định danh nào.').waitFor();

      // The same phone in another form: the hit is announced at once, naming Lào Cai's police.
      await value.fill('+84 912 345 678');
      await page.getByRole('button', { name: 'Thêm', exact: true }).click();
      const announced = page.getByRole('status').filter({ hasText: 'Trùng khớp' });
      await announced
        .getByText('Trùng khớp: định danh vừa nhập cũng có trong hồ sơ của Công an tỉnh Lào Cai.')
        .waitFor();
      const item = page.locator('.identifier-list > li').first();
      await item.getByRole('heading', { level: 4, name: 'Số điện thoại: +84 912 345 678' }).waitFor();
      await item.getByText('+84912345678').waitFor();
      await item.getByText('Cũng có trong 2 hồ sơ của Công an tỉnh Lào Cai (CA-LC)').waitFor();
      await item.getByRole('link', { name: u.laocai!.email }).waitFor();
      const shown = (await page.locator('main').textContent()) ?? '';
      for (const hidden of [shared.reference, kept.reference, secret, 'Myawaddy', 'Mây', 'Sương'])
        expect(shown).not.toContain(hidden);
      await checkA11y(page, 'identifiers with a hit');
      await shot(page, 'identifier-hit');

      // The request, with a reason: then its status on the hit.
      await item.getByRole('button', { name: 'Đề nghị cung cấp thông tin' }).click();
      await item.getByRole('textbox', { name: /^Lý do đề nghị/ }).fill('Cùng số điện thoại của người tuyển dụng');
      await item.getByRole('button', { name: 'Gửi đề nghị' }).click();
      await page.getByRole('status').getByText('Đã gửi đề nghị tới Công an tỉnh Lào Cai.').waitFor();
      await item.getByText('Đang chờ trả lời').waitFor();
      expect(await item.getByRole('button', { name: 'Xoá' }).count()).toBe(0);
      await item.getByText('Đã gửi đề nghị về định danh này nên định danh được giữ lại trong hồ sơ.').waitFor();

      // Lào Cai's investigator: from the menu to the received box, and accept.
      const holder = await pageAs(u.laocai!, '/');
      await holder
        .getByRole('navigation', { name: 'Điều hướng chính' })
        .getByRole('link', { name: 'Đề nghị thông tin' })
        .click();
      await holder.getByRole('heading', { level: 1, name: 'Đề nghị cung cấp thông tin' }).waitFor();
      const received = holder.getByTestId('information-request');
      await received.getByRole('heading', { level: 2, name: /Số điện thoại: \+84912345678/ }).waitFor();
      await received.getByText('Đang chờ trả lời').waitFor();
      await received.getByText('Công an thành phố Hà Nội (CA-HN), người gửi: Trần Văn An').waitFor();
      await received.getByText('Cùng số điện thoại của người tuyển dụng').waitFor();
      await received.getByRole('link', { name: shared.reference }).waitFor();
      await checkA11y(holder, 'received information request');
      await shot(holder, 'information-request-received');
      await received.getByRole('button', { name: 'Chấp nhận' }).click();
      await holder
        .getByRole('status')
        .getByText('Đã chấp nhận: chuyển gửi 1 hồ sơ, giữ lại 1 hồ sơ vì chưa có sự đồng ý chia sẻ.')
        .waitFor();
      await received.getByText('Đã chấp nhận').first().waitFor();
      await received
        .getByTestId('request-outcome')
        .getByText(/Đã chuyển gửi 1 hồ sơ/)
        .waitFor();
      expect(await received.getByRole('button', { name: 'Chấp nhận' }).count()).toBe(0);
      // The holder was told of the hit and of the request, each with its link.
      await holder.goto(`${base}/notifications`);
      await holder.getByText(`CA-HN vừa nhập một định danh có trong hồ sơ ${shared.reference} của bạn.`).waitFor();
      await holder.getByText(/CA-HN đề nghị cung cấp thông tin về một định danh trong hồ sơ/).waitFor();
      await holder.getByRole('link', { name: 'Xem đề nghị' }).first().waitFor();
      await checkA11y(holder, 'notifications of deconfliction');

      // Hà Nội: told, the request accepted in the sent box, the consented case shared and the other withheld.
      await page.goto(`${base}/notifications`);
      await page.getByText(`CA-LC đã chấp nhận đề nghị cung cấp thông tin của hồ sơ ${mine.reference}.`).waitFor();
      await page.getByRole('link', { name: 'Xem đề nghị' }).click();
      await page.getByRole('heading', { level: 1, name: 'Đề nghị cung cấp thông tin' }).waitFor();
      await page.getByTestId('information-request').getByText('Đã chấp nhận').first().waitFor();
      await page
        .getByTestId('request-outcome')
        .getByText('Đã được chia sẻ 1 hồ sơ; 1 hồ sơ không chia sẻ vì người liên quan chưa đồng ý.')
        .waitFor();
      await page.getByRole('link', { name: shared.reference }).waitFor();
      expect(await page.getByRole('link', { name: kept.reference }).count()).toBe(0);
      await page.getByRole('link', { name: 'Về danh sách đề nghị' }).click();
      await page.getByRole('link', { name: 'Đã gửi' }).click();
      await page.getByTestId('information-request').getByText('Đã chấp nhận').first().waitFor();
      await checkA11y(page, 'sent information requests');
      await page.goto(`${base}/cases/${mine.id}/identifiers`);
      await page.locator('.identifier-list').getByText('Đã chấp nhận').waitFor();
      await page.getByRole('link', { name: shared.reference }).waitFor(); // now readable, by reference

      // At phone width too.
      const phone = await pageAs(u.laocai!, '/information-requests', PHONE);
      await phone.getByTestId('information-request').first().waitFor();
      await checkA11y(phone, 'information requests at phone width');
    });

    it('says the boxes are empty in words, and lets an identifier entered by mistake be removed', async () => {
      const c = await openCase(u.hanoi!, 'Ngọc', 'Tuyển dụng qua trang việc làm');
      const page = await pageAs(u.hanoi!, `/cases/${c.id}/identifiers`);
      await page.getByRole('combobox', { name: /^Loại định danh/ }).selectOption({ label: 'Tài khoản Telegram' });
      await page.getByText('Tên người dùng bắt đầu bằng @, hoặc đường dẫn Telegram.').waitFor();
      await page.getByRole('textbox', { name: /^Định danh/ }).fill('@viec_lam_tot_99');
      await page.getByRole('button', { name: 'Thêm', exact: true }).click();
      await page
        .getByRole('status')
        .getByText('Đã thêm định danh. Không trùng với hồ sơ nào của cơ quan khác.')
        .waitFor();
      await page.getByRole('button', { name: 'Xoá định danh @viec_lam_tot_99' }).click();
      await page.getByRole('status').getByText('Đã xoá định danh.').waitFor();
      await page.getByText('Hồ sơ này chưa có định danh nào.').waitFor();

      const holder = await pageAs(u.laocai!, '/information-requests?box=sent');
      await holder.getByText('Cơ quan bạn chưa gửi đề nghị nào.').waitFor();
      await holder.getByLabel('Trạng thái').selectOption({ label: 'Đã từ chối' });
      await holder.getByText('Không có đề nghị nào ở trạng thái này.').waitFor();
    });

    it('shows a social worker neither the identifiers tab nor the information requests', async () => {
      const c = await openCase(u.social!, 'Thu', 'Được đưa về từ cửa khẩu');
      const page = await pageAs(u.social!, `/cases/${c.id}`);
      const tabs = page.getByRole('navigation', { name: 'Các phần của hồ sơ' });
      await tabs.getByRole('link', { name: 'Tổng quan' }).waitFor();
      const labels = await tabs.getByRole('link').allTextContents();
      expect(labels).not.toContain('Định danh');
      expect(labels).not.toContain('Truy tố');
      const menu = await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link').allTextContents();
      expect(menu).not.toContain('Đề nghị thông tin');
      expect(menu).not.toContain('Mạng lưới');
      await page.goto(`${base}/information-requests`);
      await page.getByRole('heading', { level: 1, name: 'Không tìm thấy trang' }).waitFor();
      await page.goto(`${base}/cases/${c.id}/identifiers`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await page.getByRole('heading', { name: 'Định danh của hồ sơ' }).count()).toBe(0);
    });
  },
);
